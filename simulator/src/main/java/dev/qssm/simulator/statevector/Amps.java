package dev.qssm.simulator.statevector;

/**
 * Amplitudes stored as arrays of lanes: amplitude {@code i} of lane {@code x} lives in array
 * {@code i >>> l}, but the lane index takes two meanings.
 *
 * <ul>
 *   <li>A <em>chunked</em> single state ({@code l > 0} or one row): the low {@code l} qubits index
 *       inside an array ({@code w = 2^l}) and the high qubits pick the array.
 *   <li>A <em>batch</em> of rows ({@code l = 0}): every qubit picks the array and the lane is the
 *       binding row, so the inner loop of every kernel runs over the batch.
 * </ul>
 *
 * <p>Why arrays of lanes: HotSpot vectorises a loop over several distinct arrays at one index, not
 * one array read at two offsets, so a gate on the array qubits runs as a SIMD loop over lanes; an X
 * or SWAP there is just an exchange of array references.
 */
final class Amps {
  final int n;
  final int l;
  final int w;
  final double[][] re;
  final double[][] im;

  private Amps(int n, int l, int w, double[][] re, double[][] im) {
    this.n = n;
    this.l = l;
    this.w = w;
    this.re = re;
    this.im = im;
  }

  /** |0...0> over {@code n} qubits with the low {@code laneQubits} inside each array. */
  static Amps chunked(int n, int laneQubits) {
    int l = Math.min(n, laneQubits);
    var a = alloc(n, l, 1 << l);
    a.re[0][0] = 1;
    return a;
  }

  /** |0...0> for each of {@code width} rows. */
  static Amps batch(int n, int width) {
    var a = alloc(n, 0, width);
    java.util.Arrays.fill(a.re[0], 1);
    return a;
  }

  /** All-zero storage of the same shape. */
  Amps zerosLike() {
    return alloc(n, l, w);
  }

  Amps copy() {
    var c = alloc(n, l, w);
    for (int a = 0; a < re.length; a++) {
      System.arraycopy(re[a], 0, c.re[a], 0, w);
      System.arraycopy(im[a], 0, c.im[a], 0, w);
    }
    return c;
  }

  private static Amps alloc(int n, int l, int w) {
    int arrays = 1 << (n - l);
    return new Amps(n, l, w, new double[arrays][w], new double[arrays][w]);
  }

  /** Wraps existing arrays (used for matrices whose rows are states of the lanes). */
  static Amps wrap(int n, int l, double[][] re, double[][] im) {
    return new Amps(n, l, re[0].length, re, im);
  }

  boolean isBatch() {
    return l == 0;
  }

  int arrays() {
    return re.length;
  }

  /** The single state of a chunked layout, or lane {@code lane} of a batch, as a readable view. */
  View view(int lane) {
    return new View(n, l, re, im, isBatch() ? lane : 0);
  }
}
