package dev.qssm.circuit;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The gates of OpenQASM 3's {@code stdgates.inc} (plus {@code ecr}, {@code rzz}, {@code rxx} and
 * the builtin {@code U}), with the same matrices and argument order.
 *
 * <p>A named controlled gate ({@code cx}, {@code crx}, {@code ccx}, ...) is its {@link #base()}
 * gate with {@link #builtinControls()} positive controls on its first qubits, exactly like {@code
 * ctrl @ base}; simulators therefore only need the matrices of the uncontrolled gates.
 */
public enum Gate {
  ID("id", 1, 0),
  X("x", 1, 0),
  Y("y", 1, 0),
  Z("z", 1, 0),
  H("h", 1, 0),
  S("s", 1, 0),
  SDG("sdg", 1, 0),
  T("t", 1, 0),
  TDG("tdg", 1, 0),
  SX("sx", 1, 0),
  RX("rx", 1, 1, Shift.ROTATION),
  RY("ry", 1, 1, Shift.ROTATION),
  RZ("rz", 1, 1, Shift.ROTATION),
  P("p", 1, 1, Shift.PHASE),
  /** stdgates {@code u3(θ,φ,λ)} = RZ(φ)·RY(θ)·RZ(λ) (it carries the global phase -(φ+λ)/2). */
  U3("u3", 1, 3, Shift.ROTATION, Shift.ROTATION, Shift.ROTATION),
  /** The builtin {@code U(θ,φ,λ)} = P(φ)·RY(θ)·P(λ). Differs from u3 only by a global phase. */
  U("U", 1, 3, Shift.ROTATION, Shift.PHASE, Shift.PHASE),
  SWAP("swap", 2, 0),
  RZZ("rzz", 2, 1, Shift.ROTATION),
  RXX("rxx", 2, 1, Shift.ROTATION),
  ECR("ecr", 2, 0),
  CX("cx", X, 1),
  CY("cy", Y, 1),
  CZ("cz", Z, 1),
  CH("ch", H, 1),
  CRX("crx", RX, 1),
  CRY("cry", RY, 1),
  CRZ("crz", RZ, 1),
  CP("cp", P, 1),
  CCX("ccx", X, 2),
  CSWAP("cswap", SWAP, 1);

  /**
   * How an angle enters the gate, which decides its parameter-shift rule. ROTATION: exp(-iθG/2)
   * with G²=I (eigenvalues ±1/2: two-term rule, four-term once controlled). PHASE: exp(iθΠ) with Π a
   * projector (eigenvalues 0, 1: two-term rule, controlled or not).
   */
  public enum Shift {
    ROTATION,
    PHASE
  }

  private final String qasmName;
  private final Gate base; // null: this gate is its own base
  private final int builtinControls;
  private final int targets;
  private final Shift[] shifts;

  Gate(String qasmName, int targets, int params, Shift... shifts) {
    this.qasmName = qasmName;
    this.base = null;
    this.builtinControls = 0;
    this.targets = targets;
    if (shifts.length != params) {
      throw new AssertionError(qasmName);
    }
    this.shifts = shifts;
  }

  Gate(String qasmName, Gate base, int controls) {
    this.qasmName = qasmName;
    this.base = base;
    this.builtinControls = controls;
    this.targets = base.targets;
    this.shifts = base.shifts;
  }

  /** The name in OpenQASM 3 (stdgates, or the definition qssm exports for ecr/rzz/rxx). */
  public String qasmName() {
    return qasmName;
  }

  /** The uncontrolled gate this one applies to its last {@link #targets()} qubits. */
  public Gate base() {
    return base == null ? this : base;
  }

  public int builtinControls() {
    return builtinControls;
  }

  public int targets() {
    return targets;
  }

  public int numQubits() {
    return targets + builtinControls;
  }

  public int numParams() {
    return shifts.length;
  }

  public Shift shift(int paramIndex) {
    return shifts[paramIndex];
  }

  public static Optional<Gate> byQasmName(String name) {
    for (var g : values()) {
      if (g.qasmName.equals(name)) {
        return Optional.of(g);
      }
    }
    return Optional.empty();
  }

  /**
   * The matrix of the base gate on its targets (controls excluded) for the given angles, in
   * little-endian target order.
   */
  public GateMatrix targetMatrix(double... angles) {
    if (angles.length != numParams()) {
      throw new InvalidCircuitException(
          qasmName + " takes " + numParams() + " angle(s), got " + angles.length);
    }
    for (double a : angles) {
      if (!Double.isFinite(a)) {
        throw new InvalidCircuitException(qasmName + " angle is " + a + "; angles must be finite");
      }
    }
    return base().matrixOfBase(angles);
  }

  private GateMatrix matrixOfBase(double[] a) {
    double h = Math.sqrt(0.5);
    switch (this) {
      case ID:
        return m2(1, 0, 0, 0, 0, 0, 1, 0);
      case X:
        return m2(0, 0, 1, 0, 1, 0, 0, 0);
      case Y:
        return m2(0, 0, 0, -1, 0, 1, 0, 0);
      case Z:
        return m2(1, 0, 0, 0, 0, 0, -1, 0);
      case H:
        return m2(h, 0, h, 0, h, 0, -h, 0);
      case S:
        return phase(Math.PI / 2);
      case SDG:
        return phase(-Math.PI / 2);
      case T:
        return phase(Math.PI / 4);
      case TDG:
        return phase(-Math.PI / 4);
      case SX:
        return m2(0.5, 0.5, 0.5, -0.5, 0.5, -0.5, 0.5, 0.5);
      case RX: {
        double c = Math.cos(a[0] / 2), s = Math.sin(a[0] / 2);
        return m2(c, 0, 0, -s, 0, -s, c, 0);
      }
      case RY: {
        double c = Math.cos(a[0] / 2), s = Math.sin(a[0] / 2);
        return m2(c, 0, -s, 0, s, 0, c, 0);
      }
      case RZ: {
        double c = Math.cos(a[0] / 2), s = Math.sin(a[0] / 2);
        return m2(c, -s, 0, 0, 0, 0, c, s);
      }
      case P:
        return phase(a[0]);
      case U:
      case U3: {
        double th = a[0], ph = a[1], la = a[2];
        double c = Math.cos(th / 2), s = Math.sin(th / 2);
        double g = this == U3 ? -(ph + la) / 2 : 0; // u3 = gphase(-(φ+λ)/2) U
        return m2(
            c * Math.cos(g), c * Math.sin(g),
            -s * Math.cos(la + g), -s * Math.sin(la + g),
            s * Math.cos(ph + g), s * Math.sin(ph + g),
            c * Math.cos(ph + la + g), c * Math.sin(ph + la + g));
      }
      case SWAP: {
        var re = new double[16];
        re[0] = re[1 * 4 + 2] = re[2 * 4 + 1] = re[15] = 1;
        return new GateMatrix(4, re, new double[16]);
      }
      case RZZ: {
        double c = Math.cos(a[0] / 2), s = Math.sin(a[0] / 2);
        var re = new double[16];
        var im = new double[16];
        // exp(-iθ/2 Z⊗Z): phase -θ/2 on even parity, +θ/2 on odd parity
        for (int k = 0; k < 4; k++) {
          int parity = Integer.bitCount(k) & 1;
          re[k * 5] = c;
          im[k * 5] = parity == 0 ? -s : s;
        }
        return new GateMatrix(4, re, im);
      }
      case RXX: {
        double c = Math.cos(a[0] / 2), s = Math.sin(a[0] / 2);
        var re = new double[16];
        var im = new double[16];
        for (int k = 0; k < 4; k++) {
          re[k * 5] = c;
          im[k * 4 + (3 - k)] = -s;
        }
        return new GateMatrix(4, re, im);
      }
      case ECR: {
        // Qiskit's ECRGate matrix, (IX - XY)/√2, little-endian over (first, second) target.
        var re = new double[16];
        var im = new double[16];
        re[0 * 4 + 1] = h;
        im[0 * 4 + 3] = h;
        re[1 * 4 + 0] = h;
        im[1 * 4 + 2] = -h;
        im[2 * 4 + 1] = h;
        re[2 * 4 + 3] = h;
        im[3 * 4 + 0] = -h;
        re[3 * 4 + 2] = h;
        return new GateMatrix(4, re, im);
      }
      default:
        throw new AssertionError(this);
    }
  }

  private static GateMatrix phase(double lambda) {
    return m2(1, 0, 0, 0, 0, 0, Math.cos(lambda), Math.sin(lambda));
  }

  private static GateMatrix m2(
      double r00, double i00, double r01, double i01, double r10, double i10, double r11, double i11) {
    return new GateMatrix(2, new double[] {r00, r01, r10, r11}, new double[] {i00, i01, i10, i11});
  }

  static String names() {
    return Arrays.stream(values()).map(g -> g.qasmName).toList().toString().toLowerCase(Locale.ROOT);
  }
}
