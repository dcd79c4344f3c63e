package dev.qssm.transpile;

import dev.qssm.circuit.Angle;
import dev.qssm.circuit.Barrier;
import dev.qssm.circuit.ClassicalRegister;
import dev.qssm.circuit.Conditional;
import dev.qssm.circuit.Gate;
import dev.qssm.circuit.GateOperation;
import dev.qssm.circuit.Instruction;
import dev.qssm.circuit.Measurement;
import dev.qssm.circuit.Reset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A transpiled circuit as device-ready ("ISA") OpenQASM 3: physical qubits {@code $k}, only gate
 * names the device knows (plus a definition of {@code ecr}, which is not in stdgates), and one
 * {@code input float[64] _pN;} per parametric gate angle. The device never sees an expression:
 * {@link #values} computes each angle client-side from a binding row of the original circuit.
 */
public final class IsaProgram {
  static final String ECR_DEFINITION = "gate ecr _gate_q_0, _gate_q_1 { h _gate_q_1; cx _gate_q_0, _gate_q_1;"
      + " rz(pi/2) _gate_q_1; cx _gate_q_0, _gate_q_1; h _gate_q_1; x _gate_q_0; }\n";

  private final Transpiled transpiled;
  private final String qasm;
  private final List<String> inputNames;
  private final List<Angle> inputAngles;

  private IsaProgram(Transpiled t, String qasm, List<String> names, List<Angle> angles) {
    this.transpiled = t;
    this.qasm = qasm;
    this.inputNames = List.copyOf(names);
    this.inputAngles = List.copyOf(angles);
  }

  public static IsaProgram of(Transpiled t) {
    if (!t.isLaidOut()) {
      throw new IllegalArgumentException("only a laid-out, transpiled circuit can be written as ISA OpenQASM");
    }
    var c = t.circuit();
    var body = new StringBuilder();
    var names = new ArrayList<String>();
    var angles = new ArrayList<Angle>();
    boolean ecr = false;
    for (Instruction ins : c.instructions()) {
      if (ins instanceof GateOperation g) {
        ecr |= g.gate() == Gate.ECR;
        gate(t, g, body, names, angles);
        body.append('\n');
      } else if (ins instanceof Conditional cond) {
        // the single-level form of IBM's reference, `if (c[0]) { x $1; }`, one gate per block and the
        // bit named as measurements name it; a condition on 0 negates the bit
        ecr |= cond.operation().gate() == Gate.ECR;
        body.append(cond.value() ? "if (" : "if (!").append(clbit(c.registers(), cond.clbit())).append(") { ");
        gate(t, cond.operation(), body, names, angles);
        body.append(" }\n");
      } else if (ins instanceof Measurement m) {
        body.append(clbit(c.registers(), m.clbit())).append(" = measure $").append(t.physicalQubit(m.qubit())).append(";\n");
      } else if (ins instanceof Reset r) {
        body.append("reset $").append(t.physicalQubit(r.qubit())).append(";\n");
      } else if (ins instanceof Barrier b) {
        body.append("barrier");
        int[] qs = b.qubits();
        for (int i = 0; i < qs.length; i++) {
          body.append(i > 0 ? ", $" : " $").append(t.physicalQubit(qs[i]));
        }
        body.append(";\n");
      } else {
        throw new IllegalArgumentException("not an ISA instruction: " + ins);
      }
    }
    var head = new StringBuilder("OPENQASM 3.0;\ninclude \"stdgates.inc\";\n");
    if (ecr) {
      head.append(ECR_DEFINITION);
    }
    for (String n : names) {
      head.append("input float[64] ").append(n).append(";\n");
    }
    for (ClassicalRegister r : c.registers()) {
      if (r.size() > 0) {
        head.append("bit[").append(r.size()).append("] ").append(r.name()).append(";\n");
      }
    }
    return new IsaProgram(t, head.append(body).toString(), names, angles);
  }

  private static void gate(Transpiled t, GateOperation g, StringBuilder body, List<String> names, List<Angle> angles) {
    body.append(g.gate().qasmName());
    if (!g.angles().isEmpty()) {
      body.append('(');
      for (int i = 0; i < g.angles().size(); i++) {
        Angle a = g.angles().get(i);
        if (i > 0) {
          body.append(", ");
        }
        if (a.isConstant()) {
          body.append(number(a.offset()));
        } else {
          String name = "_p" + names.size();
          names.add(name);
          angles.add(a);
          body.append(name);
        }
      }
      body.append(')');
    }
    body.append(' ');
    int[] qs = g.qubits();
    for (int i = 0; i < qs.length; i++) {
      body.append(i > 0 ? ", " : "").append('$').append(t.physicalQubit(qs[i]));
    }
    body.append(';');
  }

  private static String clbit(List<ClassicalRegister> regs, int clbit) {
    for (var r : regs) {
      if (clbit >= r.offset() && clbit < r.offset() + r.size()) {
        return r.name() + "[" + (clbit - r.offset()) + "]";
      }
    }
    throw new IllegalArgumentException("clbit " + clbit + " is in no register");
  }

  /** Shortest exact decimal of a finite double (round-trips; never an expression). */
  static String number(double v) {
    if (v == 0) {
      return "0.0";
    }
    return Double.toString(v).replace('E', 'e');
  }

  public String qasm() {
    return qasm;
  }

  public Transpiled transpiled() {
    return transpiled;
  }

  /** The names of the {@code input float[64]} declarations, in order. */
  public List<String> inputNames() {
    return inputNames;
  }

  /** The input values for one binding row of the original circuit (columns in its parameter order). */
  public double[] values(double[] row) {
    var c = transpiled.circuit();
    var out = new double[inputAngles.size()];
    for (int i = 0; i < out.length; i++) {
      Angle a = inputAngles.get(i);
      out[i] = a.value(row[c.parameterIndex(a.parameter().get())]);
    }
    return out;
  }

  /** name → value per row, the Sampler's dictionary form of a PUB's parameter values. */
  public Map<String, double[]> bindings(double[][] rows) {
    var out = new LinkedHashMap<String, double[]>();
    for (int i = 0; i < inputNames.size(); i++) {
      var col = new double[rows.length];
      for (int r = 0; r < rows.length; r++) {
        col[r] = values(rows[r])[i];
      }
      out.put(inputNames.get(i), col);
    }
    return out;
  }
}
