package dev.qssm.circuit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class GateTest {
  private static final double EPS = 1e-12;
  private final Random random = new Random(11);

  @Test
  void everyGateMatrixIsUnitary() {
    for (var g : Gate.values()) {
      for (int trial = 0; trial < 5; trial++) {
        var m = g.targetMatrix(randomAngles(g));
        var p = m.adjoint().times(m);
        assertClose(identity(m.dim()), p, g + " is not unitary");
      }
    }
  }

  @Test
  void controlledGatesAreTheirBaseWithControls() {
    assertEquals(Gate.X, Gate.CX.base());
    assertEquals(2, Gate.CCX.builtinControls());
    assertEquals(3, Gate.CCX.numQubits());
    assertEquals(Gate.SWAP, Gate.CSWAP.base());
    assertEquals(Gate.Shift.ROTATION, Gate.CRX.shift(0));
    assertEquals(Gate.Shift.PHASE, Gate.CP.shift(0));
  }

  @Test
  void productsComposeRotationsAndRefuseOtherSizes() {
    var m = Gate.RX.targetMatrix(0.4).times(Gate.RX.targetMatrix(-1.1));
    var want = Gate.RX.targetMatrix(-0.7);
    for (int k = 0; k < 4; k++) {
      assertEquals(want.re()[k], m.re()[k], 1e-15);
      assertEquals(want.im()[k], m.im()[k], 1e-15);
    }
    var u = Gate.U.targetMatrix(0.3, 1.2, -0.5);
    var uu = u.times(u.adjoint());
    assertEquals(1, uu.re(0, 0), 1e-15);
    assertEquals(0, uu.re(0, 1), 1e-15);
    assertEquals(0, uu.im(1, 0), 1e-15);
    var e = assertThrows(IllegalArgumentException.class, () -> u.times(Gate.SWAP.targetMatrix()));
    assertTrue(e.getMessage().contains("2x2") && e.getMessage().contains("4x4"), e.getMessage());
  }

  @Test
  void u3IsRzRyRz() {
    double th = 0.7, ph = -1.3, la = 2.1;
    var expected = Gate.RZ.targetMatrix(ph).times(Gate.RY.targetMatrix(th).times(Gate.RZ.targetMatrix(la)));
    assertClose(expected, Gate.U3.targetMatrix(th, ph, la), "u3");
  }

  @Test
  void builtinUIsPhaseRyPhase() {
    double th = 0.7, ph = -1.3, la = 2.1;
    var expected = Gate.P.targetMatrix(ph).times(Gate.RY.targetMatrix(th).times(Gate.P.targetMatrix(la)));
    assertClose(expected, Gate.U.targetMatrix(th, ph, la), "U");
  }

  @Test
  void cliffordAndTRelations() {
    assertClose(Gate.X.targetMatrix(), Gate.SX.targetMatrix().times(Gate.SX.targetMatrix()), "sx^2 = x");
    assertClose(Gate.Z.targetMatrix(), Gate.S.targetMatrix().times(Gate.S.targetMatrix()), "s^2 = z");
    assertClose(Gate.S.targetMatrix(), Gate.T.targetMatrix().times(Gate.T.targetMatrix()), "t^2 = s");
    assertClose(identity(2), Gate.T.targetMatrix().times(Gate.TDG.targetMatrix()), "t tdg = 1");
    assertClose(identity(2), Gate.H.targetMatrix().times(Gate.H.targetMatrix()), "h^2 = 1");
  }

  @Test
  void ecrIsQiskitsMatrix() {
    // (IX - XY)/sqrt2 with Qiskit's little-endian kron: left factor acts on the second target
    var ix = kron(Gate.ID.targetMatrix(), Gate.X.targetMatrix());
    var xy = kron(Gate.X.targetMatrix(), Gate.Y.targetMatrix());
    var re = new double[16];
    var im = new double[16];
    for (int i = 0; i < 16; i++) {
      re[i] = (ix.re()[i] - xy.re()[i]) / Math.sqrt(2);
      im[i] = (ix.im()[i] - xy.im()[i]) / Math.sqrt(2);
    }
    assertClose(new GateMatrix(4, re, im), Gate.ECR.targetMatrix(), "ecr");
  }

  @Test
  void rzzAndRxxAreExponentialsOfPauliProducts() {
    double th = 0.9;
    var zz = kron(Gate.Z.targetMatrix(), Gate.Z.targetMatrix());
    var xx = kron(Gate.X.targetMatrix(), Gate.X.targetMatrix());
    assertClose(expMinusHalfI(zz, th), Gate.RZZ.targetMatrix(th), "rzz");
    assertClose(expMinusHalfI(xx, th), Gate.RXX.targetMatrix(th), "rxx");
    assertTrue(Gate.RZZ.targetMatrix(th).isDiagonal());
    assertFalse(Gate.RXX.targetMatrix(th).isDiagonal());
  }

  @Test
  void anglesMustBeFiniteAndCountMatch() {
    var e = assertThrows(InvalidCircuitException.class, () -> Gate.RX.targetMatrix(Double.NaN));
    assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    e = assertThrows(InvalidCircuitException.class, () -> Gate.U3.targetMatrix(1, 2));
    assertTrue(e.getMessage().contains("takes 3"), e.getMessage());
  }

  @Test
  void qasmNamesResolve() {
    assertEquals(Gate.U3, Gate.byQasmName("u3").orElseThrow());
    assertEquals(Gate.U, Gate.byQasmName("U").orElseThrow());
    assertTrue(Gate.byQasmName("nope").isEmpty());
  }

  // exp(-i θ/2 P) for P with P² = I is cos(θ/2) I - i sin(θ/2) P
  private static GateMatrix expMinusHalfI(GateMatrix p, double th) {
    int n = p.dim() * p.dim();
    var re = new double[n];
    var im = new double[n];
    double c = Math.cos(th / 2), s = Math.sin(th / 2);
    for (int i = 0; i < n; i++) {
      re[i] = (i % (p.dim() + 1) == 0 ? c : 0) + s * p.im()[i];
      im[i] = -s * p.re()[i];
    }
    return new GateMatrix(p.dim(), re, im);
  }

  private double[] randomAngles(Gate g) {
    var a = new double[g.numParams()];
    for (int i = 0; i < a.length; i++) {
      a[i] = (random.nextDouble() - 0.5) * 4 * Math.PI;
    }
    return a;
  }

  static GateMatrix identity(int dim) {
    var re = new double[dim * dim];
    for (int i = 0; i < dim; i++) {
      re[i * dim + i] = 1;
    }
    return new GateMatrix(dim, re, new double[dim * dim]);
  }

  /** kron(a, b): b acts on the low index bit. */
  static GateMatrix kron(GateMatrix a, GateMatrix b) {
    int d = a.dim() * b.dim();
    var re = new double[d * d];
    var im = new double[d * d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        int ai = i / b.dim(), aj = j / b.dim(), bi = i % b.dim(), bj = j % b.dim();
        re[i * d + j] = a.re(ai, aj) * b.re(bi, bj) - a.im(ai, aj) * b.im(bi, bj);
        im[i * d + j] = a.re(ai, aj) * b.im(bi, bj) + a.im(ai, aj) * b.re(bi, bj);
      }
    }
    return new GateMatrix(d, re, im);
  }

  static void assertClose(GateMatrix expected, GateMatrix actual, String what) {
    assertEquals(expected.dim(), actual.dim(), what);
    for (int i = 0; i < expected.re().length; i++) {
      assertEquals(expected.re()[i], actual.re()[i], EPS, what + " re[" + i + "]");
      assertEquals(expected.im()[i], actual.im()[i], EPS, what + " im[" + i + "]");
    }
  }
}
