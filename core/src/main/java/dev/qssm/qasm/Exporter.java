package dev.qssm.qasm;

import dev.qssm.circuit.AmplitudeEncoding;
import dev.qssm.circuit.Angle;
import dev.qssm.circuit.Barrier;
import dev.qssm.circuit.Circuit;
import dev.qssm.circuit.ClassicalRegister;
import dev.qssm.circuit.Gate;
import dev.qssm.circuit.GateOperation;
import dev.qssm.circuit.Instruction;
import dev.qssm.circuit.InvalidCircuitException;
import dev.qssm.circuit.Measurement;
import dev.qssm.circuit.Parameter;
import dev.qssm.circuit.Reset;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Writes a circuit as OpenQASM 3 or 2; see {@link Qasm} for the conventions. */
final class Exporter {
  /** Exact definitions (global phase included), so they stay right under ctrl @. */
  private static final Map<Gate, String> QASM3_DEFINITIONS = Map.of(
      Gate.RZZ, "gate rzz(_t) _a, _b { cx _a, _b; rz(_t) _b; cx _a, _b; }",
      Gate.RXX, "gate rxx(_t) _a, _b { h _a; h _b; cx _a, _b; rz(_t) _b; cx _a, _b; h _a; h _b; }",
      // ecr = rzx(-π/4) · (x ⊗ 1) · rzx(π/4), with rzx(θ) = h b; cx a, b; rz(θ) b; cx a, b; h b
      Gate.ECR, "gate ecr _a, _b { h _b; cx _a, _b; rz(pi/4) _b; cx _a, _b; h _b; x _a;"
          + " h _b; cx _a, _b; rz(-pi/4) _b; cx _a, _b; h _b; }");

  private static final String QASM2_ECR =
      "gate ecr a, b { h b; cx a, b; rz(pi/4) b; cx a, b; h b; x a; h b; cx a, b; rz(-pi/4) b; cx a, b; h b; }";

  private static final Pattern QASM2_ID = Pattern.compile("[a-z][A-Za-z0-9_]*");

  private final Circuit circuit;
  private final int version;
  private final StringBuilder out = new StringBuilder();
  private final Map<Parameter, String> ids = new HashMap<>();
  private String qreg;

  private Exporter(Circuit circuit, int version) {
    this.circuit = circuit;
    this.version = version;
  }

  static String qasm3(Circuit c) {
    return new Exporter(c, 3).write();
  }

  static String qasm2(Circuit c) {
    return new Exporter(c, 2).write();
  }

  private String write() {
    for (Instruction ins : circuit.instructions()) {
      if (ins instanceof AmplitudeEncoding) {
        throw new InvalidCircuitException("amplitude encoding is data-dependent and has no OpenQASM form:"
            + " lower it to gates (or bind its inputs and prepare the state) before exporting");
      }
    }
    if (version == 2) {
      checkNoParameters();
    }
    var used = EnumSet.noneOf(Gate.class);
    for (Instruction ins : circuit.instructions()) {
      if (ins instanceof GateOperation g) {
        used.add(g.gate());
      }
    }
    var taken = new HashSet<>(Names.RESERVED);
    taken.addAll(version == 3 ? Builtins.STDGATES : Builtins.QELIB1);
    taken.addAll(Set.of("U", "CX", "rzz", "rxx", "ecr", "_t", "_a", "_b"));
    for (ClassicalRegister r : circuit.registers()) {
      checkRegisterName(r.name(), taken);
    }
    circuit.registers().forEach(r -> taken.add(r.name()));
    qreg = "q";
    while (taken.contains(qreg)) {
      qreg += "_";
    }
    taken.add(qreg);

    line(version == 3 ? "OPENQASM 3.0;" : "OPENQASM 2.0;");
    line(version == 3 ? "include \"stdgates.inc\";" : "include \"qelib1.inc\";");
    if (version == 3) {
      for (Gate g : List.of(Gate.RZZ, Gate.RXX, Gate.ECR)) {
        if (used.contains(g)) {
          line(QASM3_DEFINITIONS.get(g));
        }
      }
      for (Parameter p : circuit.parameters()) {
        String id = p.name().replace("[", "_").replace("]", "");
        while (taken.contains(id)) {
          id += "_";
        }
        taken.add(id);
        ids.put(p, id);
        if (p.isWeight()) {
          line("@qssm.weight");
        }
        if (!id.equals(p.name())) {
          line("@qssm.name " + p.name());
        }
        line("input float[64] " + id + ";");
      }
    } else if (used.contains(Gate.ECR)) {
      line(QASM2_ECR);
    }
    if (circuit.numQubits() > 0) {
      line(version == 3 ? "qubit[" + circuit.numQubits() + "] " + qreg + ";" : "qreg " + qreg + "[" + circuit.numQubits() + "];");
    }
    for (ClassicalRegister r : circuit.registers()) {
      line(version == 3 ? "bit[" + r.size() + "] " + r.name() + ";" : "creg " + r.name() + "[" + r.size() + "];");
    }
    var instructions = circuit.instructions();
    for (int i = 0; i < instructions.size(); i++) {
      Instruction ins = instructions.get(i);
      if (ins instanceof GateOperation g) {
        if (version == 3) {
          gate3(g);
        } else {
          gate2(g, i);
        }
      } else if (ins instanceof Measurement m) {
        line(version == 3 ? clbit(m.clbit()) + " = measure " + q(m.qubit()) + ";"
            : "measure " + q(m.qubit()) + " -> " + clbit(m.clbit()) + ";");
      } else if (ins instanceof Reset r) {
        line("reset " + q(r.qubit()) + ";");
      } else if (ins instanceof Barrier b) {
        line(barrier(b.qubits()));
      } else if (ins instanceof dev.qssm.circuit.Conditional c) {
        if (version != 3) {
          throw new InvalidCircuitException("OpenQASM 2 can only condition on a whole register; instruction " + i
              + " '" + c + "' conditions on one bit: export OpenQASM 3");
        }
        int at = out.length();
        gate3(c.operation());
        out.insert(at, "if (" + clbit(c.clbit()) + " == " + (c.value() ? 1 : 0) + ") ");
      }
    }
    return out.toString();
  }

  private void checkNoParameters() {
    var instructions = circuit.instructions();
    for (int i = 0; i < instructions.size(); i++) {
      if (instructions.get(i) instanceof GateOperation g) {
        for (Angle a : g.angles()) {
          if (!a.isConstant()) {
            throw new InvalidCircuitException("OpenQASM 2 has no parameters, but instruction " + i + " '" + g
                + "' uses '" + a.parameter().get().name() + "': bind the parameters first, or export OpenQASM 3");
          }
        }
      }
    }
    if (!circuit.parameters().isEmpty()) {
      throw new InvalidCircuitException("OpenQASM 2 has no parameters, but the circuit declares "
          + circuit.parameters() + ": bind them first, or export OpenQASM 3");
    }
  }

  private void checkRegisterName(String name, Set<String> taken) {
    String why = null;
    if (!Names.isIdentifier(name)) {
      why = "it is not an identifier";
    } else if (version == 2 && !QASM2_ID.matcher(name).matches()) {
      why = "OpenQASM 2 names start with a lower-case letter";
    } else if (taken.contains(name)) {
      why = "the name is reserved or a gate name in OpenQASM " + version;
    }
    if (why != null) {
      throw new InvalidCircuitException("classical register '" + name + "' cannot be written to OpenQASM "
          + version + ": " + why + "; rename the register");
    }
  }

  // ---- OpenQASM 3 ----

  private void gate3(GateOperation g) {
    var sb = new StringBuilder();
    for (boolean s : g.controlStates()) {
      sb.append(s ? "ctrl @ " : "negctrl @ ");
    }
    sb.append(g.gate().qasmName());
    appendAngles(sb, g.angles().stream().map(this::angle).toList());
    line(sb.append(' ').append(qubits(g.allQubits())).append(';').toString());
  }

  /** {@code scale*p + offset} with every number in {@link Double#toString} form, which parses back exactly. */
  private String angle(Angle a) {
    if (a.isConstant()) {
      return num(a.offset());
    }
    String id = ids.get(a.parameter().get());
    String s = a.scale() == 1.0 ? id : num(a.scale()) + "*" + id;
    if (a.offset() == 0) {
      return s;
    }
    return a.offset() > 0 ? s + " + " + num(a.offset()) : s + " - " + num(-a.offset());
  }

  // ---- OpenQASM 2 ----

  private void gate2(GateOperation g, int index) {
    Gate base = g.gate().base();
    int[] controls = g.allControls();
    boolean[] states = g.allControlStates();
    int[] t = g.targets();
    var a = g.angles().stream().mapToDouble(Angle::offset).toArray();
    String call = qelib1(base, controls, a, t);
    if (call == null) {
      throw new InvalidCircuitException("OpenQASM 2 (qelib1.inc) has no gate for instruction " + index + " '" + g
          + "' (" + controls.length + " control(s) on " + base.qasmName() + "): export OpenQASM 3, or decompose it");
    }
    for (int i = 0; i < controls.length; i++) {
      if (!states[i]) {
        line("x " + q(controls[i]) + ";"); // negctrl = x, ctrl, x
      }
    }
    for (String l : call.split("\n")) {
      line(l);
    }
    for (int i = 0; i < controls.length; i++) {
      if (!states[i]) {
        line("x " + q(controls[i]) + ";");
      }
    }
  }

  /** The qelib1 statement(s) for base gate with positive controls, or null when there is none. */
  private String qelib1(Gate base, int[] controls, double[] a, int[] t) {
    String targets = qubits(t);
    if (base == Gate.ID) {
      return "id " + targets + ";"; // a controlled identity is the identity
    }
    if (controls.length == 0) {
      String name = base == Gate.P ? "u1" : base.qasmName();
      return name + args(a) + " " + targets + ";";
    }
    String all = qubits(controls) + ", " + targets;
    if (controls.length == 2) {
      return base == Gate.X ? "ccx " + all + ";" : null;
    }
    if (controls.length != 1) {
      return null;
    }
    double pi = Math.PI;
    switch (base) {
      case X: return "cx " + all + ";";
      case Y: return "cy " + all + ";";
      case Z: return "cz " + all + ";";
      case H: return "ch " + all + ";";
      case RX: return "crx" + args(a) + " " + all + ";";
      case RY: return "cry" + args(a) + " " + all + ";";
      case RZ: return "crz" + args(a) + " " + all + ";";
      case P: return "cu1" + args(a) + " " + all + ";";
      case S: return "cu1" + args(pi / 2) + " " + all + ";";
      case SDG: return "cu1" + args(-pi / 2) + " " + all + ";";
      case T: return "cu1" + args(pi / 4) + " " + all + ";";
      case TDG: return "cu1" + args(-pi / 4) + " " + all + ";";
      case SX: return "csx " + all + ";";
      case U: return "cu3" + args(a) + " " + all + ";";
      case U3: // u3 = e^{-i(φ+λ)/2} U: the phase becomes a u1 on the control
        return "u1" + args(-(a[1] + a[2]) / 2) + " " + q(controls[0]) + ";\ncu3" + args(a) + " " + all + ";";
      case SWAP: return "cswap " + all + ";";
      default: return null;
    }
  }

  // ---- shared ----

  private String args(double... a) {
    var sb = new StringBuilder();
    var texts = new java.util.ArrayList<String>();
    for (double v : a) {
      texts.add(num(v));
    }
    appendAngles(sb, texts);
    return sb.toString();
  }

  private static void appendAngles(StringBuilder sb, List<String> texts) {
    if (!texts.isEmpty()) {
      sb.append('(').append(String.join(", ", texts)).append(')');
    }
  }

  private String barrier(int[] qs) {
    boolean all = qs.length == circuit.numQubits();
    for (int i = 0; i < qs.length && all; i++) {
      all = qs[i] == i;
    }
    if (all) {
      return qs.length == 0 ? "barrier;" : "barrier " + qreg + ";";
    }
    return "barrier " + qubits(qs) + ";";
  }

  private String qubits(int[] qs) {
    var sb = new StringBuilder();
    for (int i = 0; i < qs.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(q(qs[i]));
    }
    return sb.toString();
  }

  private String q(int i) {
    return qreg + "[" + i + "]";
  }

  private String clbit(int k) {
    for (ClassicalRegister r : circuit.registers()) {
      if (k >= r.offset() && k < r.offset() + r.size()) {
        return r.name() + "[" + (k - r.offset()) + "]";
      }
    }
    throw new AssertionError("clbit " + k + " is in no register");
  }

  private static String num(double v) {
    return Double.toString(v);
  }

  private void line(String s) {
    out.append(s).append('\n');
  }
}
