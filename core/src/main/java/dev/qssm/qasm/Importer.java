package dev.qssm.qasm;

import dev.qssm.circuit.Angle;
import dev.qssm.circuit.Barrier;
import dev.qssm.circuit.Circuit;
import dev.qssm.circuit.Gate;
import dev.qssm.circuit.Conditional;
import dev.qssm.circuit.GateOperation;
import dev.qssm.circuit.Instruction;
import dev.qssm.circuit.InvalidCircuitException;
import dev.qssm.circuit.Measurement;
import dev.qssm.circuit.Parameter;
import dev.qssm.circuit.ParameterKind;
import dev.qssm.circuit.Reset;
import dev.qssm.qasm.Ast.BitDecl;
import dev.qssm.qasm.Ast.Expr;
import dev.qssm.qasm.Ast.GateCall;
import dev.qssm.qasm.Ast.GateDef;
import dev.qssm.qasm.Ast.Include;
import dev.qssm.qasm.Ast.InputDecl;
import dev.qssm.qasm.Ast.Measure;
import dev.qssm.qasm.Ast.Modifier;
import dev.qssm.qasm.Ast.Operand;
import dev.qssm.qasm.Ast.QubitDecl;
import dev.qssm.qasm.Ast.Stmt;
import dev.qssm.qasm.Prim.BarrierPrim;
import dev.qssm.qasm.Prim.GatePrim;
import dev.qssm.qasm.Prim.PhasePrim;
import dev.qssm.qasm.Token.Kind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns a parsed program into a {@link Circuit}: resolves names, flattens qubit registers in
 * declaration order, broadcasts over registers, expands user gates (and stdgates aliases) into IR
 * gates, and keeps every error at the token that caused it.
 */
final class Importer {
  private static final int MAX_QUBITS = 62;

  private sealed interface Symbol permits QReg, CReg, Param, GateSym {}

  private record QReg(Token decl, int offset, int size, boolean single) implements Symbol {}

  private record CReg(Token decl, int offset, int size, boolean single) implements Symbol {}

  private record Param(Token decl, Parameter parameter) implements Symbol {}

  /**
   * A gate: a built-in expansion, or a user definition. A user definition of rzz/rxx/ecr that
   * implements the IR gate maps to it ({@code ir}); {@code exact} says it does so including the
   * global phase, which matters once the call is controlled.
   */
  private record GateSym(Token decl, String name, int params, int qubits, Builtins.Def builtin, GateDef def,
      Gate ir, boolean exact, String origin) implements Symbol {}

  /** An instruction waiting for the final qubit count, or a placeholder resolved at the end. */
  private record Pending(Token site, Instruction ins, int implicitQubit, int implicitBit, boolean barrierAll) {
    static Pending of(Token site, Instruction ins) {
      return new Pending(site, ins, -1, -1, false);
    }
  }

  /** Resolves a qubit operand to its qubit indices (several for a register). */
  private interface Operands {
    int[] resolve(Operand o);
  }

  private record Mods(int controls, boolean[] states, boolean inverse) {}

  private final String src;
  private final int version;
  private final Evaluator eval;
  private final Map<String, Symbol> symbols = new HashMap<>();
  private final Set<String> included = new java.util.HashSet<>();
  private final List<String> cregNames = new ArrayList<>();
  private final List<Integer> cregSizes = new ArrayList<>();
  private final List<Parameter> params = new ArrayList<>();
  private final Map<String, Token> paramNames = new HashMap<>();
  private final List<Pending> pending = new ArrayList<>();
  private int declaredQubits;
  private Token firstQubitDecl;
  private int maxPhysical = -1;
  private Token firstPhysical;
  private int clbits;
  private int implicitBits;

  Importer(String src, int version) {
    this.src = src;
    this.version = version;
    this.eval = new Evaluator(src);
    builtin("U", "the language");
    if (version == 2) {
      builtin("CX", "the language");
    }
  }

  Circuit run(List<Stmt> statements) {
    for (Stmt s : statements) {
      statement(s);
    }
    return finish();
  }

  private void statement(Stmt s) {
    if (s instanceof Include inc) {
      include(inc);
    } else if (s instanceof QubitDecl d) {
      qubitDecl(d);
    } else if (s instanceof BitDecl d) {
      bitDecl(d);
    } else if (s instanceof InputDecl d) {
      input(d);
    } else if (s instanceof GateDef d) {
      gateDef(d);
    } else if (s instanceof GateCall c) {
      for (Prim p : call(c, globals(), this::qubitsOf, false)) {
        emit(p, c.name());
      }
    } else if (s instanceof Ast.If f) {
      conditional(f);
    } else if (s instanceof Measure m) {
      measure(m);
    } else if (s instanceof Ast.Reset r) {
      for (Operand o : r.operands()) {
        for (int q : qubitsOf(o)) {
          pending.add(Pending.of(r.keyword(), new Reset(q)));
        }
      }
    } else if (s instanceof Ast.Barrier b) {
      if (b.operands().isEmpty()) {
        pending.add(new Pending(b.keyword(), null, -1, -1, true));
      } else {
        var qs = new LinkedHashSet<Integer>();
        for (Operand o : b.operands()) {
          for (int q : qubitsOf(o)) {
            qs.add(q);
          }
        }
        pending.add(Pending.of(b.keyword(), new Barrier(qs.stream().mapToInt(Integer::intValue).toArray())));
      }
    }
  }

  // ---- declarations ----

  private void include(Include inc) {
    String file = inc.file().value();
    Set<String> names;
    if (file.equals("stdgates.inc")) {
      names = Builtins.STDGATES;
    } else if (file.equals("qelib1.inc")) {
      names = Builtins.QELIB1;
    } else {
      throw inc.file().error("cannot include '" + file + "': only \"stdgates.inc\" and \"qelib1.inc\" are"
          + " built in, and qssm reads no other files");
    }
    if (!included.add(file)) {
      return;
    }
    for (String name : new TreeSet<>(names)) {
      Symbol old = symbols.get(name);
      if (old instanceof GateSym g && g.builtin() != null) {
        continue; // the other library defines it too
      }
      if (old != null) {
        throw inc.file().error("'" + file + "' defines gate '" + name + "', which is already declared at "
            + where(old));
      }
      builtin(name, file);
    }
  }

  private void builtin(String name, String origin) {
    var def = Builtins.get(name);
    symbols.put(name, new GateSym(null, name, def.params(), def.qubits(), def, null, null, true, origin));
  }

  private void qubitDecl(QubitDecl d) {
    if (maxPhysical >= 0) {
      throw d.keyword().error("qubit registers cannot be declared in a program that uses physical qubits"
          + " (like " + firstPhysical.text() + " at " + firstPhysical.line() + ":" + firstPhysical.col() + ")");
    }
    int size = d.size() == null ? 1 : size(d.size(), 1);
    if ((long) declaredQubits + size > MAX_QUBITS) {
      Token at = d.size() == null ? d.name() : d.size().anchor();
      throw at.error("the circuit would have " + ((long) declaredQubits + size) + " qubits; qssm circuits hold"
          + " at most " + MAX_QUBITS);
    }
    declare(d.name(), new QReg(d.name(), declaredQubits, size, d.size() == null));
    declaredQubits += size;
    if (firstQubitDecl == null) {
      firstQubitDecl = d.keyword();
    }
  }

  private void bitDecl(BitDecl d) {
    int size = d.size() == null ? 1 : size(d.size(), 0);
    int offset = clbits;
    declare(d.name(), new CReg(d.name(), offset, size, d.size() == null));
    cregNames.add(d.name().text());
    cregSizes.add(size);
    clbits += size;
    if (d.measured() != null) {
      var bits = new int[size];
      Arrays.setAll(bits, i -> offset + i);
      measureInto(d.keyword(), qubitsOf(d.measured()), bits);
    }
  }

  private int size(Expr e, int min) {
    long n = eval.integer(e, constants(), "register size");
    if (n < min || n > Integer.MAX_VALUE / 2) {
      throw e.anchor().error("register size must be at least " + min + ", got " + n);
    }
    return (int) n;
  }

  /**
   * {@code @qssm.weight} makes the parameter a weight ({@code @qssm.input}, the default, an input);
   * {@code @qssm.name theta[0]} gives its qssm name when that is no QASM identifier.
   */
  private void input(InputDecl d) {
    var kind = ParameterKind.INPUT;
    String name = d.name().text();
    Token nameAt = d.name();
    for (Token a : d.annotations()) {
      switch (a.text()) {
        case "qssm.weight":
          kind = ParameterKind.WEIGHT;
          break;
        case "qssm.input":
          kind = ParameterKind.INPUT;
          break;
        case "qssm.name":
          if (a.value().isEmpty()) {
            throw a.error("'@qssm.name' needs the parameter's qssm name, like '@qssm.name theta[0]'");
          }
          name = a.value();
          nameAt = a;
          break;
        default:
          if (a.text().startsWith("qssm.")) {
            throw a.error("unknown annotation '@" + a.text() + "' (qssm knows @qssm.weight, @qssm.input and"
                + " @qssm.name)");
          }
      }
    }
    Parameter p;
    try {
      p = new Parameter(name, kind);
    } catch (InvalidCircuitException e) {
      throw nameAt.error(e.getMessage());
    }
    Token seen = paramNames.putIfAbsent(name, nameAt);
    if (seen != null) {
      throw nameAt.error("parameter name '" + name + "' is already used by the input at " + seen.line() + ":"
          + seen.col());
    }
    declare(d.name(), new Param(d.name(), p));
    params.add(p);
  }

  private void gateDef(GateDef d) {
    String name = d.name().text();
    var formals = new ArrayList<Token>(d.params());
    formals.addAll(d.qubits());
    var seen = new java.util.HashSet<String>();
    for (Token f : formals) {
      if (Names.RESERVED.contains(f.text())) {
        throw f.error("'" + f.text() + "' is reserved and cannot name a gate argument");
      }
      if (!seen.add(f.text())) {
        throw f.error("gate '" + name + "' has two arguments named '" + f.text() + "'");
      }
    }
    checkDeclarable(d.name());
    var sym = new GateSym(d.name(), name, d.params().size(), d.qubits().size(), null, d, null, true, null);
    // expanding once with sample angles checks every name, count and qubit in the body now
    var q = new int[sym.qubits()];
    Arrays.setAll(q, i -> i);
    var sample = samples(sym.params(), 0.3);
    body(sym, sample, q, false);
    if (Builtins.EXTENSIONS.contains(name)) {
      sym = asIrGate(sym, Gate.byQasmName(name).orElseThrow(), sample);
    }
    symbols.put(name, sym);
  }

  /**
   * Maps a definition named rzz/rxx/ecr to the IR gate when its body implements that gate (checked
   * at two angle samples); otherwise it stays an ordinary user gate.
   */
  private GateSym asIrGate(GateSym sym, Gate g, List<Affine> sample) {
    if (sym.params() != g.numParams() || sym.qubits() != g.numQubits()) {
      return sym;
    }
    boolean exact = true;
    for (var args : List.of(sample, samples(sym.params(), -1.1))) {
      var q = new int[g.numQubits()];
      Arrays.setAll(q, i -> i);
      var u = Unitary.of(body(sym, args, q, false), g.numQubits());
      double phase = Unitary.phaseTo(u, g.targetMatrix(args.stream().mapToDouble(Affine::offset).toArray()));
      if (Double.isNaN(phase)) {
        return sym;
      }
      exact &= Math.abs(phase) < 1e-9;
    }
    return new GateSym(sym.decl(), sym.name(), sym.params(), sym.qubits(), null, sym.def(), g, exact, null);
  }

  private static List<Affine> samples(int n, double start) {
    var out = new ArrayList<Affine>();
    for (int i = 0; i < n; i++) {
      out.add(Affine.constant(start + 0.4 * i));
    }
    return out;
  }

  private void declare(Token name, Symbol s) {
    checkDeclarable(name);
    symbols.put(name.text(), s);
  }

  private void checkDeclarable(Token name) {
    String n = name.text();
    if (Names.RESERVED.contains(n)) {
      throw name.error("'" + n + "' is reserved in OpenQASM and cannot be declared");
    }
    Symbol old = symbols.get(n);
    if (old != null) {
      throw name.error("'" + n + "' is already declared" + (old instanceof GateSym g && g.builtin() != null
          ? " as a gate of " + g.origin() : " at " + where(old)));
    }
  }

  // ---- gate calls ----

  /** The primitives of one call statement (all broadcast instances). */
  private List<Prim> call(GateCall c, Evaluator.Scope scope, Operands operands, boolean outerControlled) {
    Mods mods = modifiers(c.modifiers(), scope);
    Token name = c.name();
    var args = new ArrayList<Affine>();
    for (Expr e : c.args()) {
      args.add(eval.angle(e, scope));
    }
    boolean gphase = name.text().equals("gphase");
    GateSym g = gphase ? null : gate(name);
    int nParams = gphase ? 1 : g.params();
    if (args.size() != nParams) {
      throw name.error("'" + name.text() + "' takes " + nParams + " parameter(s), got " + args.size());
    }
    int needed = mods.controls() + (gphase ? 0 : g.qubits());
    var ops = c.operands();
    if (gphase ? ops.size() < needed : ops.size() != needed) {
      Token at = ops.size() > needed ? ops.get(needed).name() : name;
      throw at.error(describe(c) + " acts on " + needed + " qubit(s)" + (mods.controls() > 0
          ? " (" + mods.controls() + " control(s) + " + (needed - mods.controls()) + ")" : "")
          + ", got " + ops.size());
    }
    var resolved = new ArrayList<int[]>();
    int width = 1;
    Operand wide = null;
    for (Operand o : ops) {
      int[] qs = operands.resolve(o);
      if (qs.length != 1) {
        if (wide != null && qs.length != width) {
          throw o.name().error("cannot broadcast '" + name.text() + "' over registers of different sizes ('"
              + wide.name().text() + "' has " + width + " qubits, '" + o.name().text() + "' has " + qs.length + ")");
        }
        wide = o;
        width = qs.length;
      }
      resolved.add(qs);
    }
    boolean controlled = outerControlled || mods.controls() > 0;
    var out = new ArrayList<Prim>();
    for (int k = 0; k < width; k++) {
      var qubits = new int[ops.size()];
      for (int i = 0; i < qubits.length; i++) {
        int[] qs = resolved.get(i);
        qubits[i] = qs.length == 1 ? qs[0] : qs[k];
        for (int j = 0; j < i; j++) {
          if (qubits[j] == qubits[i]) {
            throw ops.get(i).name().error("qubit " + src.substring(ops.get(i).name().start(), operandEnd(ops.get(i)))
                + " appears twice in the call of '" + name.text() + "'");
          }
        }
      }
      var controls = Arrays.copyOfRange(qubits, 0, mods.controls());
      var targets = Arrays.copyOfRange(qubits, mods.controls(), needed);
      List<Prim> prims = gphase
          ? List.of(new PhasePrim(args.get(0), new int[0], new boolean[0]))
          : instantiate(g, args, targets, controlled, name);
      if (mods.inverse()) {
        prims = Prim.invert(prims);
      }
      for (Prim p : prims) {
        out.add(mods.controls() == 0 ? p : p.controlledBy(controls, mods.states()));
      }
    }
    return out;
  }

  private int operandEnd(Operand o) {
    return o.index() == null ? o.name().end() : Math.min(src.length(), src.indexOf(']', o.index().end()) + 1);
  }

  private String describe(GateCall c) {
    var sb = new StringBuilder();
    for (Modifier m : c.modifiers()) {
      sb.append(src, m.keyword().start(), m.count() == null ? m.keyword().end() : m.count().end() + 1).append(" @ ");
    }
    return "'" + sb + c.name().text() + "'";
  }

  private Mods modifiers(List<Modifier> mods, Evaluator.Scope scope) {
    int controls = 0;
    boolean inverse = false;
    var states = new ArrayList<Boolean>();
    for (Modifier m : mods) {
      if (!m.isControl()) {
        inverse = !inverse;
        continue;
      }
      long k = m.count() == null ? 1 : eval.integer(m.count(), scope, "control count");
      if (k < 1 || k > MAX_QUBITS) {
        throw m.count().anchor().error("control count must be 1.." + MAX_QUBITS + ", got " + k);
      }
      for (int i = 0; i < k; i++) {
        states.add(m.keyword().text().equals("ctrl"));
      }
      controls += (int) k;
    }
    var s = new boolean[controls];
    for (int i = 0; i < controls; i++) {
      s[i] = states.get(i);
    }
    return new Mods(controls, s, inverse);
  }

  private GateSym gate(Token name) {
    String n = name.text();
    Symbol s = symbols.get(n);
    if (s instanceof GateSym g) {
      return g;
    }
    if (s != null) {
      throw name.error("'" + n + "' is " + kind(s) + ", not a gate");
    }
    if (Builtins.EXTENSIONS.contains(n)) {
      var g = Gate.byQasmName(n).orElseThrow();
      return new GateSym(null, n, g.numParams(), g.numQubits(), Builtins.get(n), null, null, true, "qssm");
    }
    String hint = "";
    if (Builtins.STDGATES.contains(n) && !included.contains("stdgates.inc")) {
      hint = " (it is in stdgates.inc: add 'include \"stdgates.inc\";')";
    } else if (Builtins.QELIB1.contains(n) && !included.contains("qelib1.inc")) {
      hint = " (it is in qelib1.inc" + (version == 2 ? ": add 'include \"qelib1.inc\";')" : ", not stdgates.inc)");
    }
    throw name.error("unknown gate '" + n + "'" + hint);
  }

  private List<Prim> instantiate(GateSym g, List<Affine> args, int[] targets, boolean controlled, Token site) {
    if (g.builtin() != null) {
      return g.builtin().expansion().apply(args, targets);
    }
    if (g.ir() != null && (g.exact() || !controlled)) {
      return List.of(GatePrim.of(g.ir(), args, targets));
    }
    try {
      return body(g, args, targets, controlled);
    } catch (QasmException e) {
      String detail = e.getMessage().substring((e.line() + ":" + e.column() + ": ").length());
      throw new QasmException(e.line(), e.column(), detail + " (in gate '" + g.name() + "' called at "
          + site.line() + ":" + site.col() + ")");
    }
  }

  /** The body of a user gate with its parameters and qubits bound. */
  private List<Prim> body(GateSym g, List<Affine> args, int[] targets, boolean controlled) {
    GateDef d = g.def();
    var values = new HashMap<String, Affine>();
    for (int i = 0; i < args.size(); i++) {
      values.put(d.params().get(i).text(), args.get(i));
    }
    var qubits = new HashMap<String, Integer>();
    for (int i = 0; i < targets.length; i++) {
      qubits.put(d.qubits().get(i).text(), targets[i]);
    }
    Evaluator.Scope scope = t -> {
      Affine v = values.get(t.text());
      if (v == null) {
        throw t.error("'" + t.text() + "' is not a parameter of gate '" + g.name() + "'" + (d.params().isEmpty()
            ? " (it has none)" : " (its parameters: " + names(d.params()) + ")"));
      }
      return v;
    };
    Operands operands = o -> {
      Integer q = qubits.get(o.name().text());
      if (q == null || o.index() != null) {
        throw o.name().error(o.index() != null
            ? "gate bodies use their qubit arguments without indices"
            : "'" + o.name().text() + "' is not a qubit argument of gate '" + g.name() + "' (its qubits: "
                + names(d.qubits()) + ")");
      }
      return new int[] {q};
    };
    var out = new ArrayList<Prim>();
    for (Stmt s : d.body()) {
      if (s instanceof GateCall c) {
        if (c.name().text().equals(g.name())) {
          throw c.name().error("gate '" + g.name() + "' calls itself; recursion is not allowed");
        }
        out.addAll(call(c, scope, operands, controlled));
      } else {
        var b = (Ast.Barrier) s;
        if (b.operands().isEmpty()) {
          out.add(new BarrierPrim(targets.clone()));
        } else {
          var qs = new LinkedHashSet<Integer>();
          for (Operand o : b.operands()) {
            qs.add(operands.resolve(o)[0]);
          }
          out.add(new BarrierPrim(qs.stream().mapToInt(Integer::intValue).toArray()));
        }
      }
    }
    return out;
  }

  private static String names(List<Token> tokens) {
    return String.join(", ", tokens.stream().map(Token::text).toList());
  }

  /** Appends a primitive as IR; a controlled phase becomes a (multi-)controlled p on a control. */
  /** Every gate the body expands to becomes a {@link Conditional} on the one bit. */
  private void conditional(Ast.If f) {
    int[] bits = bitsOf(f.bit());
    if (bits.length != 1) {
      throw f.keyword().error("'if' on a " + bits.length + "-bit register is not supported; condition on one bit");
    }
    int from = pending.size();
    for (Prim p : call(f.body(), globals(), this::qubitsOf, false)) {
      emit(p, f.body().name());
    }
    for (int i = from; i < pending.size(); i++) {
      var p = pending.get(i);
      if (p.ins() instanceof GateOperation g) {
        try {
          pending.set(i, Pending.of(p.site(), new Conditional(bits[0], f.value(), g)));
        } catch (InvalidCircuitException e) {
          throw p.site().error(e.getMessage());
        }
      } else if (!(p.ins() instanceof Barrier)) {
        throw f.keyword().error("the body of 'if' expands to '" + p.ins() + "', which cannot be conditioned");
      }
    }
  }

  private void emit(Prim p, Token site) {
    if (p instanceof BarrierPrim b) {
      pending.add(Pending.of(site, new Barrier(b.qubits())));
    } else if (p instanceof GatePrim g) {
      pending.add(Pending.of(site, new GateOperation(g.gate(), angles(g.angles(), site), g.qubits(), g.controls(),
          g.states())));
    } else {
      var ph = (PhasePrim) p;
      int n = ph.controls().length;
      if (n == 0) {
        return; // a global phase: unobservable
      }
      int t = n - 1;
      for (int i = n - 1; i >= 0; i--) {
        if (ph.states()[i]) {
          t = i;
          break;
        }
      }
      var rest = new int[n - 1];
      var restStates = new boolean[n - 1];
      for (int i = 0, j = 0; i < n; i++) {
        if (i != t) {
          rest[j] = ph.controls()[i];
          restStates[j++] = ph.states()[i];
        }
      }
      int target = ph.controls()[t];
      boolean flip = !ph.states()[t];
      if (flip) {
        pending.add(Pending.of(site, GateOperation.of(Gate.X, List.of(), target)));
      }
      pending.add(Pending.of(site, new GateOperation(Gate.P, angles(List.of(ph.angle()), site), new int[] {target},
          rest, restStates)));
      if (flip) {
        pending.add(Pending.of(site, GateOperation.of(Gate.X, List.of(), target)));
      }
    }
  }

  private static List<Angle> angles(List<Affine> values, Token site) {
    var out = new ArrayList<Angle>();
    for (Affine a : values) {
      try {
        out.add(a.toAngle());
      } catch (InvalidCircuitException e) {
        throw site.error(e.getMessage());
      }
    }
    return out;
  }

  // ---- measurement ----

  private void measure(Measure m) {
    int[] qs = qubitsOf(m.qubit());
    if (m.target() == null) {
      for (int q : qs) {
        pending.add(new Pending(m.keyword(), null, q, implicitBits++, false));
      }
      return;
    }
    measureInto(m.keyword(), qs, bitsOf(m.target()));
  }

  private void measureInto(Token site, int[] qs, int[] bits) {
    if (qs.length != bits.length) {
      throw site.error("cannot measure " + qs.length + " qubit(s) into " + bits.length + " bit(s): the sizes must match");
    }
    for (int i = 0; i < qs.length; i++) {
      pending.add(Pending.of(site, new Measurement(qs[i], bits[i])));
    }
  }

  // ---- operands ----

  private int[] qubitsOf(Operand o) {
    Token t = o.name();
    if (t.is(Kind.HWQUBIT)) {
      if (firstQubitDecl != null) {
        throw t.error("physical qubit '" + t.text() + "' cannot be used in a program that declares qubit"
            + " registers (at " + firstQubitDecl.line() + ":" + firstQubitDecl.col() + ")");
      }
      long k = t.text().length() > 4 ? Long.MAX_VALUE : Long.parseLong(t.text().substring(1));
      if (k >= MAX_QUBITS) {
        throw t.error("physical qubit '" + t.text() + "' is out of range: qssm circuits hold at most "
            + MAX_QUBITS + " qubits ($0..$" + (MAX_QUBITS - 1) + ")");
      }
      if (firstPhysical == null) {
        firstPhysical = t;
      }
      maxPhysical = Math.max(maxPhysical, (int) k);
      return new int[] {(int) k};
    }
    Symbol s = symbols.get(t.text());
    if (!(s instanceof QReg r)) {
      throw s == null ? undeclaredRegister(t, "qubit") : t.error("'" + t.text() + "' is " + kind(s) + ", not a qubit");
    }
    return slice(o, r.offset(), r.size(), r.single(), "qubit");
  }

  private int[] bitsOf(Operand o) {
    Token t = o.name();
    Symbol s = t.is(Kind.HWQUBIT) ? null : symbols.get(t.text());
    if (!(s instanceof CReg r)) {
      throw s == null && !t.is(Kind.HWQUBIT) ? undeclaredRegister(t, "bit")
          : t.error("'" + t.text() + "' is " + (s == null ? "a qubit" : kind(s)) + ", not a classical bit");
    }
    return slice(o, r.offset(), r.size(), r.single(), "bit");
  }

  private int[] slice(Operand o, int offset, int size, boolean single, String what) {
    String reg = o.name().text();
    if (o.index() == null) {
      var all = new int[size];
      Arrays.setAll(all, i -> offset + i);
      return all;
    }
    if (single) {
      throw o.index().anchor().error("'" + reg + "' is a single " + what + ", not a register: drop the index");
    }
    long i = eval.integer(o.index(), constants(), what + " index");
    long k = i < 0 ? i + size : i; // OpenQASM 3: negative indices count from the end
    if (k < 0 || k >= size) {
      throw o.index().anchor().error(what + " index " + i + " is out of range for register '" + reg + "' of size "
          + size + " (valid 0.." + (size - 1) + ")");
    }
    return new int[] {offset + (int) k};
  }

  // ---- name scopes ----

  private Evaluator.Scope globals() {
    return t -> {
      Symbol s = symbols.get(t.text());
      if (s instanceof Param p) {
        return Affine.of(p.parameter());
      }
      throw s == null ? undeclared(t) : t.error("'" + t.text() + "' is " + kind(s) + ", not a number");
    };
  }

  private Evaluator.Scope constants() {
    return t -> {
      Symbol s = symbols.get(t.text());
      throw s == null ? undeclared(t) : t.error("'" + t.text() + "' is " + kind(s) + "; a constant is needed here");
    };
  }

  private QasmException undeclared(Token t) {
    return t.error("undeclared identifier '" + t.text() + "'" + (version == 3
        ? " (a parameter is declared with 'input float[64] " + t.text() + ";')"
        : " (OpenQASM 2 has no parameters; declare it in OpenQASM 3 with 'input float[64] " + t.text() + ";')"));
  }

  private QasmException undeclaredRegister(Token t, String what) {
    String decl = version == 3 ? what + "[n] " + t.text() + ";" : (what.equals("bit") ? "c" : "q") + "reg " + t.text() + "[n];";
    return t.error("undeclared identifier '" + t.text() + "' (declare it with '" + decl + "')");
  }

  private static String kind(Symbol s) {
    if (s instanceof QReg q) {
      return q.single() ? "a qubit" : "a qubit register";
    }
    if (s instanceof CReg c) {
      return c.single() ? "a classical bit" : "a classical register";
    }
    if (s instanceof Param) {
      return "a parameter";
    }
    return "a gate";
  }

  private static String where(Symbol s) {
    Token t = s instanceof QReg q ? q.decl() : s instanceof CReg c ? c.decl() : s instanceof Param p ? p.decl()
        : ((GateSym) s).decl();
    return t == null ? "a built-in" : t.line() + ":" + t.col();
  }

  // ---- the circuit ----

  private Circuit finish() {
    int n = maxPhysical >= 0 ? maxPhysical + 1 : declaredQubits;
    var b = Circuit.builder(n);
    for (int i = 0; i < cregNames.size(); i++) {
      b.classicalRegister(cregNames.get(i), cregSizes.get(i));
    }
    if (implicitBits > 0) {
      String name = "meas";
      for (int i = 1; symbols.containsKey(name); i++) {
        name = "meas" + i;
      }
      b.classicalRegister(name, implicitBits);
    }
    b.declare(params);
    var all = new int[n];
    Arrays.setAll(all, i -> i);
    for (Pending p : pending) {
      Instruction ins = p.ins();
      if (p.barrierAll()) {
        ins = new Barrier(all);
      } else if (ins == null) {
        ins = new Measurement(p.implicitQubit(), clbits + p.implicitBit());
      }
      try {
        b.append(ins);
      } catch (InvalidCircuitException e) {
        throw p.site().error(e.getMessage());
      }
    }
    return b.build();
  }
}
