package dev.qssm.simulator.statevector;

import dev.qssm.circuit.AmplitudeEncoding;
import dev.qssm.circuit.Angle;
import dev.qssm.circuit.Circuit;
import dev.qssm.circuit.Gate;
import dev.qssm.circuit.GateOperation;
import dev.qssm.circuit.Instruction;
import dev.qssm.circuit.InvalidCircuitException;
import dev.qssm.circuit.Measurement;
import dev.qssm.circuit.Reset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A circuit compiled for the kernels: controls as masks, angles as binding columns, kinds decided. */
final class Program {

  sealed interface Step permits GateStep, EncodeStep, MeasureStep, ResetStep {}

  /** A gate: its base matrix on {@code targets} where {@code (index & cMask) == cVal}. */
  static final class GateStep implements Step {
    final int index;
    final GateOperation op;
    final Gate base;
    final int[] targets;
    final int cMask;
    final int cVal;
    final Kernels.Kind kind;
    final int[] cols;
    final double[] scale;
    final double[] offset;
    /** The matrix when no angle depends on a parameter, else null. */
    final Mat constant;

    GateStep(int index, GateOperation op, Circuit circuit) {
      this.index = index;
      this.op = op;
      this.base = op.gate().base();
      this.targets = op.targets();
      int m = 0;
      int v = 0;
      var cs = op.allControls();
      var states = op.allControlStates();
      for (int i = 0; i < cs.length; i++) {
        m |= 1 << cs[i];
        if (states[i]) {
          v |= 1 << cs[i];
        }
      }
      cMask = m;
      cVal = v;
      kind = kindOf(base);
      int k = op.angles().size();
      cols = new int[k];
      scale = new double[k];
      offset = new double[k];
      boolean constantAngles = true;
      for (int a = 0; a < k; a++) {
        Angle angle = op.angles().get(a);
        cols[a] = angle.parameter().map(circuit::parameterIndex).orElse(-1);
        scale[a] = angle.scale();
        offset[a] = angle.offset();
        constantAngles &= cols[a] < 0;
      }
      if (constantAngles) {
        var gm = op.gate().targetMatrix(offset.clone());
        constant = Mat.shared(gm.dim(), gm.re().clone(), gm.im().clone());
      } else {
        constant = null;
      }
    }

    int dim() {
      return 1 << targets.length;
    }

    boolean parameterised() {
      return constant == null;
    }

    /** The angle values of one binding row, checked finite. */
    double[] angles(double[] row, int rowIndex) {
      var a = new double[cols.length];
      for (int i = 0; i < a.length; i++) {
        a[i] = cols[i] < 0 ? offset[i] : scale[i] * row[cols[i]] + offset[i];
        if (!Double.isFinite(a[i])) {
          throw new InvalidCircuitException(
              "binding row " + rowIndex + ": angle " + i + " of instruction " + index + " (" + op + ") evaluates to "
                  + a[i] + "; angles must be finite");
        }
      }
      return a;
    }

    /**
     * M ({@code which = -1}) or dM/d(angle which) for rows {@code rows[from..from+lanes)} laid out one
     * per lane; shared when every row gives the same angles.
     */
    Mat matrix(double[][] rows, int from, int lanes, int which) {
      if (constant != null && which < 0) {
        return constant;
      }
      int dim = dim();
      var first = angles(rows[from], from);
      boolean same = true;
      for (int r = from + 1; r < from + lanes && same; r++) {
        same = Arrays.equals(first, angles(rows[r], r));
      }
      var re = new double[dim * dim];
      var im = new double[dim * dim];
      if (same) {
        GateMath.fill(base, first, which, re, im);
        return Mat.shared(dim, re, im);
      }
      var m = Mat.perLane(dim, lanes);
      for (int x = 0; x < lanes; x++) {
        GateMath.fill(base, angles(rows[from + x], from + x), which, re, im);
        for (int e = 0; e < dim * dim; e++) {
          m.lre[e][x] = re[e];
          m.lim[e][x] = im[e];
        }
      }
      return m;
    }

    /** Kind of the derivative matrix: diagonal gates stay diagonal. */
    Kernels.Kind derivativeKind() {
      return kind == Kernels.Kind.DIAG ? Kernels.Kind.DIAG : Kernels.Kind.GEN;
    }
  }

  /** Amplitude encoding of binding columns {@code cols} on {@code qubits} (fresh qubits). */
  record EncodeStep(int index, AmplitudeEncoding op, int[] qubits, int[] cols) implements Step {}

  /** A measurement; {@code branched} when later operations act on its qubit (mid-circuit). */
  record MeasureStep(int index, int meas, int qubit, int clbit, boolean branched) implements Step {}

  /** A reset; {@code noop} when its qubit is still untouched (so still |0>). */
  record ResetStep(int index, int qubit, boolean noop) implements Step {}

  final Circuit circuit;
  final int n;
  final List<Step> steps;
  final boolean midCircuit;
  /** Qubit of each measurement, in circuit order. */
  final int[] measQubit;
  final boolean[] measBranched;
  /** For each clbit, the index of the last measurement writing it, or -1. */
  final int[] clbitWriter;

  private Program(Circuit circuit) {
    this.circuit = circuit;
    this.n = circuit.numQubits();
    this.midCircuit = circuit.hasMidCircuitOperations();
    var ins = circuit.instructions();
    // a measurement branches when a later non-measurement instruction touches its qubit
    var laterUse = new boolean[n];
    var branchedAt = new boolean[ins.size()];
    for (int i = ins.size() - 1; i >= 0; i--) {
      var in = ins.get(i);
      if (in instanceof Measurement m) {
        branchedAt[i] = midCircuit && laterUse[m.qubit()];
      } else if (!(in instanceof dev.qssm.circuit.Barrier)) {
        for (int q : qubitsOf(in)) {
          laterUse[q] = true;
        }
      }
    }
    var list = new ArrayList<Step>();
    var touched = new boolean[n];
    var meas = new ArrayList<int[]>();
    var branched = new ArrayList<Boolean>();
    clbitWriter = new int[circuit.numClbits()];
    Arrays.fill(clbitWriter, -1);
    for (int i = 0; i < ins.size(); i++) {
      Instruction in = ins.get(i);
      if (in instanceof GateOperation g) {
        if (g.gate().base() != Gate.ID) {
          list.add(new GateStep(i, g, circuit));
        }
      } else if (in instanceof AmplitudeEncoding e) {
        list.add(new EncodeStep(i, e, e.qubits(), e.inputs().stream().mapToInt(circuit::parameterIndex).toArray()));
      } else if (in instanceof Measurement m) {
        list.add(new MeasureStep(i, meas.size(), m.qubit(), m.clbit(), branchedAt[i]));
        clbitWriter[m.clbit()] = meas.size();
        meas.add(new int[] {m.qubit()});
        branched.add(branchedAt[i]);
      } else if (in instanceof Reset r) {
        list.add(new ResetStep(i, r.qubit(), !touched[r.qubit()]));
      }
      if (!(in instanceof dev.qssm.circuit.Barrier)) {
        for (int q : qubitsOf(in)) {
          touched[q] = true;
        }
      }
    }
    steps = List.copyOf(list);
    measQubit = meas.stream().mapToInt(a -> a[0]).toArray();
    measBranched = new boolean[branched.size()];
    for (int i = 0; i < measBranched.length; i++) {
      measBranched[i] = branched.get(i);
    }
  }

  static Program compile(Circuit circuit) {
    return new Program(circuit);
  }

  private static int[] qubitsOf(Instruction in) {
    return in instanceof GateOperation g ? g.allQubits() : in.qubits();
  }

  static Kernels.Kind kindOf(Gate base) {
    switch (base) {
      case X:
      case SWAP:
        return Kernels.Kind.PERM;
      case Z:
      case S:
      case SDG:
      case T:
      case TDG:
      case RZ:
      case P:
      case RZZ:
        return Kernels.Kind.DIAG;
      default:
        return Kernels.Kind.GEN;
    }
  }

  /** Number of branched (mid-circuit) measurements. */
  int branchedMeasurements() {
    int c = 0;
    for (boolean b : measBranched) {
      c += b ? 1 : 0;
    }
    return c;
  }

  /** Gate steps, in order. */
  List<GateStep> gates() {
    return steps.stream().filter(GateStep.class::isInstance).map(GateStep.class::cast).toList();
  }
}
