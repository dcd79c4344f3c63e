package dev.qssm.simulator.statevector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qssm.circuit.Gate;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GateMathTest {

  @Test
  void matricesEqualTheIrMatrices() {
    var rnd = new Random(3);
    for (var g : Gate.values()) {
      if (g.base() != g || g.numParams() == 0) {
        continue;
      }
      for (int trial = 0; trial < 5; trial++) {
        var a = angles(rnd, g);
        var expected = g.targetMatrix(a);
        int d = expected.dim();
        var re = new double[d * d];
        var im = new double[d * d];
        GateMath.fill(g, a, -1, re, im);
        for (int e = 0; e < d * d; e++) {
          assertEquals(expected.re()[e], re[e], 1e-15, g + " re " + e);
          assertEquals(expected.im()[e], im[e], 1e-15, g + " im " + e);
        }
      }
    }
  }

  @Test
  void derivativesMatchCentralDifferences() {
    var rnd = new Random(4);
    double h = 1e-6;
    for (var g : Gate.values()) {
      if (g.base() != g || g.numParams() == 0) {
        continue;
      }
      var a = angles(rnd, g);
      int d = g.targetMatrix(a).dim();
      for (int which = 0; which < g.numParams(); which++) {
        var plus = a.clone();
        var minus = a.clone();
        plus[which] += h;
        minus[which] -= h;
        var mp = g.targetMatrix(plus);
        var mm = g.targetMatrix(minus);
        var re = new double[d * d];
        var im = new double[d * d];
        GateMath.fill(g, a, which, re, im);
        for (int e = 0; e < d * d; e++) {
          assertEquals((mp.re()[e] - mm.re()[e]) / (2 * h), re[e], 1e-8, g + " d/da" + which + " re " + e);
          assertEquals((mp.im()[e] - mm.im()[e]) / (2 * h), im[e], 1e-8, g + " d/da" + which + " im " + e);
        }
      }
    }
  }

  private static double[] angles(Random rnd, Gate g) {
    var a = new double[g.numParams()];
    for (int i = 0; i < a.length; i++) {
      a[i] = rnd.nextDouble() * 8 - 4;
    }
    return a;
  }
}
