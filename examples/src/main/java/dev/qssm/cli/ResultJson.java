package dev.qssm.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;

/**
 * The JSON that {@code qssm run} prints. Keys are bitstrings with bit 0 rightmost (Qiskit's
 * order), so ascending index order is also the sorted key order.
 */
final class ResultJson {
  /** Probabilities below this are numerical noise of an exact zero and are left out. */
  static final double CUTOFF = 1e-15;

  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

  private ResultJson() {}

  /** {@code {"backend":"exact","probabilities":{"00":0.5,"11":0.5}}}. */
  static String exact(String backend, double[] probabilities, int width) {
    var root = new JsonObject();
    root.addProperty("backend", backend);
    var p = new JsonObject();
    for (int i = 0; i < probabilities.length; i++) {
      if (probabilities[i] >= CUTOFF) {
        p.addProperty(bitstring(i, width), probabilities[i]);
      }
    }
    root.add("probabilities", p);
    return GSON.toJson(root);
  }

  /** {@code {"backend":"noisy","shots":1000,"seed":7,"counts":{"00":503,"11":497}}}; seed may be null. */
  static String sampled(String backend, int shots, Long seed, double[] frequencies, int width) {
    var root = new JsonObject();
    root.addProperty("backend", backend);
    root.addProperty("shots", shots);
    if (seed != null) {
      root.addProperty("seed", seed);
    }
    var counts = counts(frequencies, shots);
    var c = new JsonObject();
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] > 0) {
        c.addProperty(bitstring(i, width), counts[i]);
      }
    }
    root.add("counts", c);
    return GSON.toJson(root);
  }

  /**
   * Whole counts that add up to {@code shots}: round(p * shots) for sampled frequencies, and the
   * largest-remainder rule when rounding alone would miss the total (values that are not
   * multiples of 1/shots, or that do not sum to exactly one).
   */
  static long[] counts(double[] p, int shots) {
    double total = 0;
    for (double v : p) {
      total += Math.max(0, v);
    }
    var counts = new long[p.length];
    if (total == 0 || shots == 0) {
      return counts;
    }
    var remainder = new double[p.length];
    long assigned = 0;
    for (int i = 0; i < p.length; i++) {
      double exact = Math.max(0, p[i]) / total * shots;
      counts[i] = (long) Math.floor(exact);
      remainder[i] = exact - counts[i];
      assigned += counts[i];
    }
    for (long left = shots - assigned; left > 0; left--) {
      int best = 0;
      for (int i = 1; i < p.length; i++) {
        if (remainder[i] > remainder[best]) {
          best = i;
        }
      }
      counts[best]++;
      remainder[best] = -1;
    }
    return counts;
  }

  /** {@code index} as {@code width} binary digits, bit 0 rightmost. */
  static String bitstring(int index, int width) {
    var chars = new char[width];
    for (int b = 0; b < width; b++) {
      chars[width - 1 - b] = ((index >> b) & 1) == 1 ? '1' : '0';
    }
    return new String(chars);
  }
}
