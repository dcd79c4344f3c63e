package dev.qssm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ResultJsonTest {

  @Test
  void bitstringsPutBitZeroRightmost() {
    assertEquals("101", ResultJson.bitstring(0b101, 3));
    assertEquals("110", ResultJson.bitstring(6, 3));
    assertEquals("0001", ResultJson.bitstring(1, 4));
    assertEquals("1000", ResultJson.bitstring(8, 4));
    assertEquals("", ResultJson.bitstring(0, 0));
  }

  @Test
  void exactProbabilitiesAreSortedCompactJson() {
    assertEquals("{\"backend\":\"exact\",\"probabilities\":{\"00\":0.5,\"11\":0.5}}",
        ResultJson.exact("exact", new double[] {0.5, 0, 0, 0.5}, 2));
    assertEquals("{\"backend\":\"exact\",\"probabilities\":{\"010\":0.25,\"011\":0.75}}",
        ResultJson.exact("exact", new double[] {0, 0, 0.25, 0.75, 0, 0, 0, 0}, 3));
  }

  @Test
  void numericalZerosAreOmittedAndValuesKeepFullPrecision() {
    var json = ResultJson.exact("x", new double[] {1e-16, 1e-15, -1e-17, 0.1 + 0.2, 1.0 / 3}, 3);
    assertEquals("{\"backend\":\"x\",\"probabilities\":{\"001\":1.0E-15,\"011\":0.30000000000000004,"
        + "\"100\":0.3333333333333333}}", json);
  }

  @Test
  void sampledResultsPrintWholeCounts() {
    assertEquals("{\"backend\":\"exact\",\"shots\":1000,\"seed\":7,\"counts\":{\"00\":503,\"11\":497}}",
        ResultJson.sampled("exact", 1000, 7L, new double[] {0.503, 0, 0, 0.497}, 2));
    assertEquals("{\"backend\":\"noisy\",\"shots\":3,\"counts\":{\"1\":3}}",
        ResultJson.sampled("noisy", 3, null, new double[] {0, 1}, 1));
  }

  @Test
  void countsRecoverSampledFrequenciesExactly() {
    var random = new SplittableRandom(11);
    for (int trial = 0; trial < 200; trial++) {
      int shots = 1 + random.nextInt(5000);
      var counts = new long[1 + random.nextInt(16)];
      for (int s = 0; s < shots; s++) {
        counts[random.nextInt(counts.length)]++;
      }
      var p = Arrays.stream(counts).mapToDouble(c -> (double) c / shots).toArray();
      assertArrayEquals(counts, ResultJson.counts(p, shots), "shots " + shots + ", p " + Arrays.toString(p));
    }
  }

  @Test
  void countsAlwaysAddUpToShots() {
    assertArrayEquals(new long[] {34, 33, 33}, ResultJson.counts(new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3}, 100));
    assertArrayEquals(new long[] {5, 5}, ResultJson.counts(new double[] {0.2, 0.2}, 10)); // not normalised
    assertArrayEquals(new long[] {0, 7}, ResultJson.counts(new double[] {-1e-17, 1.0000000000000002}, 7));
    assertArrayEquals(new long[] {1, 2}, ResultJson.counts(new double[] {0.4, 0.6}, 3)); // 1.2, 1.8
  }
}
