package dev.qssm.qasm;

import dev.qssm.qasm.Ast.Bin;
import dev.qssm.qasm.Ast.Expr;
import dev.qssm.qasm.Ast.Fn;
import dev.qssm.qasm.Ast.Name;
import dev.qssm.qasm.Ast.Neg;
import dev.qssm.qasm.Ast.Num;
import dev.qssm.qasm.Ast.Paren;
import java.util.ArrayList;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;

/**
 * Reduces an angle expression to {@code a*p + b} in at most one parameter, or says exactly which
 * operator breaks that form. Functions and powers are allowed on constants only.
 */
final class Evaluator {
  static final Map<String, Double> CONSTANTS = Map.of(
      "pi", Math.PI, "π", Math.PI, "tau", 2 * Math.PI, "τ", 2 * Math.PI, "euler", Math.E, "ℇ", Math.E);

  private static final Map<String, DoubleUnaryOperator> FUNCTIONS = Map.ofEntries(
      Map.entry("sin", Math::sin), Map.entry("cos", Math::cos), Map.entry("tan", Math::tan),
      Map.entry("arcsin", Math::asin), Map.entry("arccos", Math::acos), Map.entry("arctan", Math::atan),
      Map.entry("exp", Math::exp), Map.entry("ln", Math::log), Map.entry("log", Math::log),
      Map.entry("sqrt", Math::sqrt), Map.entry("ceiling", Math::ceil), Map.entry("floor", Math::floor));

  /** Names an expression may not declare: constants and built-in functions. */
  static final Set<String> RESERVED;

  static {
    var all = new java.util.HashSet<String>(CONSTANTS.keySet());
    all.addAll(FUNCTIONS.keySet());
    all.addAll(Set.of("pow", "mod"));
    RESERVED = Set.copyOf(all);
  }

  /** Resolves a name that is not a built-in constant. */
  interface Scope {
    Affine lookup(Token name);
  }

  private final String src;

  Evaluator(String src) {
    this.src = src;
  }

  String text(Expr e) {
    return src.substring(e.start(), e.end());
  }

  /** Evaluates a gate argument; {@code whole} is the argument expression quoted in messages. */
  Affine angle(Expr e, Scope scope) {
    Affine v = eval(e, scope, e);
    if (!v.isFinite()) {
      throw e.anchor().error("angle '" + text(e) + "' is not finite");
    }
    return v;
  }

  /** A compile-time integer (sizes, indices, control counts). */
  long integer(Expr e, Scope scope, String what) {
    Affine v = eval(e, scope, e);
    if (!v.isConstant()) {
      throw e.anchor().error(what + " '" + text(e) + "' must be a constant, not depend on a parameter");
    }
    double d = v.offset();
    if (d != Math.rint(d) || Math.abs(d) > 1e15) {
      throw e.anchor().error(what + " '" + text(e) + "' must be an integer, got " + d);
    }
    return (long) d;
  }

  private Affine eval(Expr e, Scope scope, Expr whole) {
    if (e instanceof Num n) {
      return Affine.constant(n.value());
    }
    if (e instanceof Paren p) {
      return eval(p.inner(), scope, whole);
    }
    if (e instanceof Name n) {
      Double c = CONSTANTS.get(n.token().text());
      return c != null ? Affine.constant(c) : scope.lookup(n.token());
    }
    if (e instanceof Neg n) {
      return eval(n.operand(), scope, whole).negate();
    }
    if (e instanceof Fn f) {
      return function(f, scope, whole);
    }
    var b = (Bin) e;
    Affine l = eval(b.left(), scope, whole);
    Affine r = eval(b.right(), scope, whole);
    switch (b.op().kind()) {
      case PLUS:
        return add(b, l, r, whole);
      case MINUS:
        return add(b, l, r.negate(), whole);
      case STAR:
        if (l.isConstant()) {
          return new Affine(r.param(), l.offset() * r.scale(), l.offset() * r.offset());
        }
        if (r.isConstant()) {
          return l.times(r.offset());
        }
        throw notAffine(b, whole, "it multiplies '" + text(b.left()) + "' by '" + text(b.right())
            + "', which both depend on parameters");
      case SLASH:
        if (!r.isConstant()) {
          throw notAffine(b, whole, "it divides by '" + text(b.right()) + "', which depends on a parameter");
        }
        if (r.offset() == 0) {
          throw b.op().error("division by zero in '" + text(whole) + "'");
        }
        return new Affine(l.param(), l.scale() / r.offset(), l.offset() / r.offset());
      default: // ** or QASM 2's ^
        if (!l.isConstant() || !r.isConstant()) {
          throw notAffine(b, whole, "'" + b.op().text() + "' is applied to a parameter");
        }
        return Affine.constant(Math.pow(l.offset(), r.offset()));
    }
  }

  private Affine add(Bin b, Affine l, Affine r, Expr whole) {
    if (l.isConstant()) {
      return new Affine(r.param(), r.scale(), l.offset() + r.offset());
    }
    if (r.isConstant() || l.param().equals(r.param())) {
      return new Affine(l.param(), l.scale() + r.scale(), l.offset() + r.offset());
    }
    throw notAffine(b, whole, "it depends on two parameters, '" + l.param().name() + "' and '"
        + r.param().name() + "'");
  }

  private Affine function(Fn f, Scope scope, Expr whole) {
    String name = f.name().text();
    var args = new ArrayList<Affine>();
    for (Expr a : f.args()) {
      args.add(eval(a, scope, whole));
    }
    int arity = name.equals("pow") || name.equals("mod") ? 2 : 1;
    if (!FUNCTIONS.containsKey(name) && arity == 1) {
      throw f.name().error("unknown function '" + name + "' (known: " + new java.util.TreeSet<>(FUNCTIONS.keySet())
          + ", pow, mod)");
    }
    if (args.size() != arity) {
      throw f.name().error("'" + name + "' takes " + arity + " argument(s), got " + args.size());
    }
    for (Affine a : args) {
      if (!a.isConstant()) {
        throw notAffine(f, whole, "'" + name + "' is applied to a parameter; functions take constants only");
      }
    }
    double x = args.get(0).offset();
    if (name.equals("pow")) {
      return Affine.constant(Math.pow(x, args.get(1).offset()));
    }
    if (name.equals("mod")) {
      return Affine.constant(x % args.get(1).offset());
    }
    return Affine.constant(FUNCTIONS.get(name).applyAsDouble(x));
  }

  private QasmException notAffine(Expr at, Expr whole, String why) {
    return at.anchor().error("angle '" + text(whole) + "' is not of the form a*p + b in one parameter: "
        + why);
  }
}
