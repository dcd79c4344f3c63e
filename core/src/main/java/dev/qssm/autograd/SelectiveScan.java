package dev.qssm.autograd;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Mamba's selective scan, fused. Work is split into (batch item, channel block) tasks; the
 * backward of a task recomputes that block's states (L x block x N, a few MB) and walks them in
 * reverse. Gradients shared between tasks (B, C over channels; A, D over the batch) are summed
 * per task and reduced in task order, so the result does not depend on thread scheduling.
 */
final class SelectiveScan {
  private static final int BLOCK = 64;

  private SelectiveScan() {}

  static Tensor apply(Tensor u, Tensor delta, Tensor a, Tensor b, Tensor c, Tensor d) {
    if (u.rank() != 3 || !Arrays.equals(u.shape, delta.shape) || a.rank() != 2 || a.shape[0] != u.shape[2]
        || b.rank() != 3 || !Arrays.equals(b.shape, c.shape) || b.shape[0] != u.shape[0] || b.shape[1] != u.shape[1]
        || b.shape[2] != a.shape[1] || d.rank() != 1 || d.shape[0] != u.shape[2]) {
      throw new AutogradException("selectiveScan needs u, delta [B, L, D], A [D, N], B, C [B, L, N], D [D]; got "
          + Arrays.toString(u.shape) + ", " + Arrays.toString(delta.shape) + ", " + Arrays.toString(a.shape) + ", "
          + Arrays.toString(b.shape) + ", " + Arrays.toString(c.shape) + ", " + Arrays.toString(d.shape));
    }
    var p = new Problem(u.shape[0], u.shape[1], u.shape[2], a.shape[1], u.data, delta.data, a.data, b.data,
        c.data, d.data);
    var y = new double[u.data.length];
    IntStream.range(0, p.tasks()).parallel().forEach(t -> p.forward(t, y));
    return Tensor.make(y, u.shape.clone(), (g, gi) -> p.backward(g, gi), u, delta, a, b, c, d);
  }

  private record Problem(int bsz, int len, int dn, int n, double[] u, double[] delta, double[] a, double[] b,
      double[] c, double[] d) {
    int blocks() {
      return (dn + BLOCK - 1) / BLOCK;
    }

    int tasks() {
      return bsz * blocks();
    }

    // runs the recurrence for one task; stores states and decays when `states` is non-null
    void forward(int task, double[] y) {
      scan(task, y, null, null);
    }

    void scan(int task, double[] y, double[] states, double[] decays) {
      int bi = task / blocks(), c0 = (task % blocks()) * BLOCK, c1 = Math.min(dn, c0 + BLOCK), w = c1 - c0;
      var s = new double[w * n];
      for (int t = 0; t < len; t++) {
        int row = (bi * len + t) * dn, bn = (bi * len + t) * n;
        for (int ch = c0; ch < c1; ch++) {
          double dt = delta[row + ch], x = u[row + ch], dx = dt * x, acc = 0;
          int so = (ch - c0) * n, ao = ch * n;
          for (int j = 0; j < n; j++) {
            double e = Math.exp(dt * a[ao + j]);
            double sv = e * s[so + j] + dx * b[bn + j];
            s[so + j] = sv;
            acc += sv * c[bn + j];
            if (states != null) {
              states[(t * w) * n + so + j] = sv;
              decays[(t * w) * n + so + j] = e;
            }
          }
          if (y != null) {
            y[row + ch] = acc + d[ch] * x;
          }
        }
      }
    }

    void backward(double[] g, double[][] gi) {
      int tasks = tasks();
      var gA = new double[tasks][];
      var gD = new double[tasks][];
      var gB = new double[tasks][];
      var gC = new double[tasks][];
      IntStream.range(0, tasks).parallel().forEach(task -> {
        int c0 = (task % blocks()) * BLOCK, w = Math.min(dn, c0 + BLOCK) - c0;
        gA[task] = new double[w * n];
        gD[task] = new double[w];
        gB[task] = new double[len * n];
        gC[task] = new double[len * n];
        backwardTask(task, g, gi[0], gi[1], gA[task], gD[task], gB[task], gC[task]);
      });
      for (int task = 0; task < tasks; task++) {
        int bi = task / blocks(), c0 = (task % blocks()) * BLOCK;
        addInto(gi[2], c0 * n, gA[task]);
        addInto(gi[5], c0, gD[task]);
        addInto(gi[3], bi * len * n, gB[task]);
        addInto(gi[4], bi * len * n, gC[task]);
      }
    }

    private static void addInto(double[] target, int off, double[] src) {
      if (target != null) {
        for (int i = 0; i < src.length; i++) {
          target[off + i] += src[i];
        }
      }
    }

    private void backwardTask(int task, double[] g, double[] gu, double[] gdelta, double[] gA, double[] gD,
        double[] gB, double[] gC) {
      int bi = task / blocks(), c0 = (task % blocks()) * BLOCK, c1 = Math.min(dn, c0 + BLOCK), w = c1 - c0;
      var states = new double[len * w * n];
      var decays = new double[len * w * n];
      scan(task, null, states, decays);
      var ds = new double[w * n];
      for (int t = len - 1; t >= 0; t--) {
        int row = (bi * len + t) * dn, bn = (bi * len + t) * n, lt = t * n;
        int st = t * w * n, sp = (t - 1) * w * n;
        for (int ch = c0; ch < c1; ch++) {
          double gy = g[row + ch], dt = delta[row + ch], x = u[row + ch];
          int so = (ch - c0) * n, ao = ch * n;
          double gx = gy * d[ch], gdt = 0;
          gD[ch - c0] += gy * x;
          for (int j = 0; j < n; j++) {
            double dsj = ds[so + j] + gy * c[bn + j];
            gC[lt + j] += gy * states[st + so + j];
            double prev = t > 0 ? states[sp + so + j] : 0;
            double e = decays[st + so + j];
            double bj = b[bn + j];
            double de = dsj * e;
            gdt += de * a[ao + j] * prev + dsj * bj * x;
            gA[so + j] += de * dt * prev;
            gB[lt + j] += dsj * dt * x;
            gx += dsj * dt * bj;
            ds[so + j] = de;
          }
          if (gu != null) {
            gu[row + ch] += gx;
          }
          if (gdelta != null) {
            gdelta[row + ch] += gdt;
          }
        }
      }
    }
  }
}
