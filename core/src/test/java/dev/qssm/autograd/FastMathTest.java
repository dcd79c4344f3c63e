package dev.qssm.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FastMathTest {
  @Test
  void expAgreesWithTheJdkToAFewUlps() {
    var rng = new SplittableRandom(7);
    double worst = 0;
    for (int i = 0; i < 200_000; i++) {
      double x = (rng.nextDouble() * 2 - 1) * (i % 2 == 0 ? 2 : 700);
      double want = Math.exp(x);
      worst = Math.max(worst, Math.abs(FastMath.exp(x) - want) / want);
    }
    assertTrue(worst < 5e-16, "worst relative error " + worst);
    // integers of ln2/32 land on table entries; exact powers of two stay exact
    assertEquals(1.0, FastMath.exp(0));
    assertEquals(Math.E, FastMath.exp(1), 3e-16 * Math.E);
    assertEquals(0.5, FastMath.exp(-Math.log(2)), 1e-16);
  }

  @Test
  void expOutsideTheFastRangeIsTheJdks() {
    assertEquals(Math.exp(-745), FastMath.exp(-745));
    assertEquals(0.0, FastMath.exp(-1e4));
    assertEquals(Double.POSITIVE_INFINITY, FastMath.exp(1e4));
    assertEquals(Math.exp(705), FastMath.exp(705));
    assertTrue(Double.isNaN(FastMath.exp(Double.NaN)));
    assertEquals(0.0, FastMath.exp(Double.NEGATIVE_INFINITY));
  }
}
