package dev.qssm.transpile;

/**
 * The angles of the real-amplitude state-preparation tree and their derivatives. Level t (t = k-1
 * down to 0) rotates encoded qubit t, uniformly controlled by qubits t+1..k-1; control value s
 * (bit b = qubit t+1+b) selects the block of 2^(t+1) amplitudes starting at s·2^(t+1).
 *
 * <p>Gate angles are stored level after level, level t taking 2^(k-1-t) entries: φ_j = (1/n)·Σ_s
 * (-1)^popcount(s & g(j)) θ_s with g the Gray code, so that the chain RY(φ_0) CX RY(φ_1) CX ...
 * applies RY(θ_s) for every control value s.
 */
final class TreeAngles {
  private TreeAngles() {}

  /** The control bit of the CX after gate j of a level with m controls: the bit g(j) and g(j+1) differ in. */
  static int grayControlBit(int j, int m) {
    int n = 1 << m;
    return j == n - 1 ? m - 1 : Integer.numberOfTrailingZeros(j + 1);
  }

  /** The 2^k - 1 RY gate angles that prepare x/||x|| (x has length 2^k and is not all zero). */
  static double[] gateAngles(int k, double[] x) {
    var xs = scaled(x);
    var norms2 = blockNorms2(k, xs);
    var phi = new double[(1 << k) - 1];
    for (int t = k - 1; t >= 0; t--) {
      int n = 1 << (k - 1 - t);
      var theta = new double[n];
      for (int s = 0; s < n; s++) {
        theta[s] = t == 0
            ? 2 * Math.atan2(xs[2 * s + 1], xs[2 * s])
            : 2 * Math.atan2(Math.sqrt(norms2[t][2 * s + 1]), Math.sqrt(norms2[t][2 * s]));
      }
      walshHadamard(theta);
      int offset = n - 1;
      for (int j = 0; j < n; j++) {
        phi[offset + j] = theta[gray(j)] / n;
      }
    }
    return phi;
  }

  /**
   * dL/dx (length 2^k) given dL/dφ for the angles {@link #gateAngles} computes from x. Where a
   * block has zero norm its angle is not differentiable and contributes nothing.
   */
  static double[] pullback(int k, double[] x, double[] gradPhi) {
    double scale = maxAbs(x);
    var gx = new double[1 << k];
    if (scale == 0) {
      return gx; // the zero vector encodes nothing (tasks refuse it); no direction to differentiate
    }
    var xs = scaled(x);
    var norms2 = blockNorms2(k, xs);
    for (int t = k - 1; t >= 0; t--) {
      int n = 1 << (k - 1 - t);
      int offset = n - 1;
      // φ = H·θ (permuted) / n, so dL/dθ = H·(dL/dφ, un-permuted) / n (H is symmetric)
      var gTheta = new double[n];
      for (int j = 0; j < n; j++) {
        gTheta[gray(j)] = gradPhi[offset + j] / n;
      }
      walshHadamard(gTheta);
      for (int s = 0; s < n; s++) {
        if (gTheta[s] != 0) {
          addBlockGradient(t, s, xs, norms2, gTheta[s], gx);
        }
      }
    }
    for (int i = 0; i < gx.length; i++) {
      gx[i] /= scale; // the angles were computed from x / scale
    }
    return gx;
  }

  private static void addBlockGradient(int t, int s, double[] xs, double[][] norms2, double g, double[] gx) {
    if (t == 0) {
      // θ = 2·atan2(b, a)
      double a = xs[2 * s], b = xs[2 * s + 1], den = a * a + b * b;
      if (den > 0) {
        gx[2 * s] += g * (-2 * b / den);
        gx[2 * s + 1] += g * (2 * a / den);
      }
      return;
    }
    // θ = 2·atan2(u, l) with u, l the norms of the upper and lower halves of the block
    double u2 = norms2[t][2 * s + 1], l2 = norms2[t][2 * s], den = u2 + l2;
    if (den == 0) {
      return;
    }
    double u = Math.sqrt(u2), l = Math.sqrt(l2);
    int half = 1 << t;
    int base = s << (t + 1);
    if (l > 0) {
      double f = g * (-2 * u / (l * den));
      for (int i = base; i < base + half; i++) {
        gx[i] += f * xs[i];
      }
    }
    if (u > 0) {
      double f = g * (2 * l / (u * den));
      for (int i = base + half; i < base + 2 * half; i++) {
        gx[i] += f * xs[i];
      }
    }
  }

  /** norms2[t][c] = squared norm of the block of 2^t entries starting at c·2^t. */
  private static double[][] blockNorms2(int k, double[] xs) {
    var norms2 = new double[k + 1][];
    norms2[0] = new double[xs.length];
    for (int i = 0; i < xs.length; i++) {
      norms2[0][i] = xs[i] * xs[i];
    }
    for (int t = 1; t <= k; t++) {
      var prev = norms2[t - 1];
      var cur = new double[prev.length / 2];
      for (int c = 0; c < cur.length; c++) {
        cur[c] = prev[2 * c] + prev[2 * c + 1];
      }
      norms2[t] = cur;
    }
    return norms2;
  }

  /** x divided by its largest magnitude, so squares neither overflow nor underflow. */
  private static double[] scaled(double[] x) {
    double scale = maxAbs(x);
    var xs = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      xs[i] = scale == 0 ? 0 : x[i] / scale;
    }
    return xs;
  }

  private static double maxAbs(double[] x) {
    double m = 0;
    for (double v : x) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }

  private static int gray(int j) {
    return j ^ (j >> 1);
  }

  /** In place: v ← H·v with H[s][c] = (-1)^popcount(s & c) (unnormalised). */
  private static void walshHadamard(double[] v) {
    for (int h = 1; h < v.length; h <<= 1) {
      for (int i = 0; i < v.length; i += h << 1) {
        for (int j = i; j < i + h; j++) {
          double a = v[j], b = v[j + h];
          v[j] = a + b;
          v[j + h] = a - b;
        }
      }
    }
  }
}
