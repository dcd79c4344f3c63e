package dev.qssm.autograd;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Mamba's selective scan, fused. Work is split into (batch item, channel block) tasks. The forward
 * keeps the state at every CHUNK-th step (1/CHUNK of all states); the backward of a task walks
 * the chunks in reverse, recomputing one chunk's states and decays into a buffer that stays in
 * cache. Gradients shared between tasks (B, C over channels; A, D over the batch) are summed per
 * task and reduced in task order, so the result does not depend on thread scheduling.
 */
final class SelectiveScan {
  private static final int BLOCK = 64;
  private static final int CHUNK = 16;

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
    boolean grad = u.requiresGrad() || delta.requiresGrad() || a.requiresGrad() || b.requiresGrad()
        || c.requiresGrad() || d.requiresGrad();
    var starts = grad ? new double[p.tasks()][] : null;
    IntStream.range(0, p.tasks()).parallel().forEach(t -> p.forward(t, y, starts));
    return Tensor.make(y, u.shape.clone(), (g, gi) -> p.backward(g, gi, starts), u, delta, a, b, c, d);
  }

  private record Problem(int bsz, int len, int dn, int n, double[] u, double[] delta, double[] a, double[] b,
      double[] c, double[] d) {
    int blocks() {
      return (dn + BLOCK - 1) / BLOCK;
    }

    int tasks() {
      return bsz * blocks();
    }

    int chunks() {
      return (len + CHUNK - 1) / CHUNK;
    }

    // y for one task; with `starts`, also keeps the state before each chunk in starts[task]
    void forward(int task, double[] y, double[][] starts) {
      int c0 = (task % blocks()) * BLOCK, w = Math.min(dn, c0 + BLOCK) - c0, wn = w * n;
      var states = new double[CHUNK * wn];
      var ev = new double[n];
      var kept = starts == null ? new double[wn] : new double[chunks() * wn];
      for (int k = 0; k < chunks(); k++) {
        int t0 = k * CHUNK, t1 = Math.min(len, t0 + CHUNK);
        int io = starts == null ? 0 : k * wn;
        run(task, t0, t1, kept, io, states, null, ev, y);
        if (k + 1 < chunks()) {
          System.arraycopy(states, (t1 - t0 - 1) * wn, kept, starts == null ? 0 : io + wn, wn);
        }
      }
      if (starts != null) {
        starts[task] = kept;
      }
    }

    // Steps t0..t1-1 of one task from the state before t0 (init at io): states (and decays, when
    // non-null) into rows t - t0 of the buffers, outputs into y when non-null. The decays of a
    // (step, channel) row are computed first in their own loop so the recurrence loop is plain
    // multiply-adds.
    private void run(int task, int t0, int t1, double[] init, int io, double[] states, double[] decays,
        double[] ev, double[] y) {
      int bi = task / blocks(), c0 = (task % blocks()) * BLOCK, c1 = Math.min(dn, c0 + BLOCK), wn = (c1 - c0) * n;
      for (int t = t0; t < t1; t++) {
        int row = (bi * len + t) * dn, bn = (bi * len + t) * n, cur = (t - t0) * wn;
        double[] pv = t == t0 ? init : states;
        int po = t == t0 ? io : cur - wn;
        for (int ch = c0; ch < c1; ch++) {
          double dt = delta[row + ch], x = u[row + ch], dx = dt * x;
          int so = (ch - c0) * n, ao = ch * n;
          double[] e = decays == null ? ev : decays;
          int eo = decays == null ? 0 : cur + so;
          for (int j = 0; j < n; j++) {
            e[eo + j] = FastMath.exp(dt * a[ao + j]);
          }
          double acc = 0;
          for (int j = 0; j < n; j++) {
            double sv = e[eo + j] * pv[po + so + j] + dx * b[bn + j];
            states[cur + so + j] = sv;
            acc += sv * c[bn + j];
          }
          if (y != null) {
            y[row + ch] = acc + d[ch] * x;
          }
        }
      }
    }

    void backward(double[] g, double[][] gi, double[][] starts) {
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
        backwardTask(task, g, gi[0], gi[1], gA[task], gD[task], gB[task], gC[task], starts[task]);
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
        double[] gB, double[] gC, double[] start) {
      int bi = task / blocks(), c0 = (task % blocks()) * BLOCK, c1 = Math.min(dn, c0 + BLOCK), w = c1 - c0;
      int wn = w * n;
      var states = new double[CHUNK * wn];
      var decays = new double[CHUNK * wn];
      var ds = new double[wn];
      for (int k = chunks() - 1; k >= 0; k--) {
        int t0 = k * CHUNK, t1 = Math.min(len, t0 + CHUNK);
        run(task, t0, t1, start, k * wn, states, decays, null, null);
        for (int t = t1 - 1; t >= t0; t--) {
          int row = (bi * len + t) * dn, bn = (bi * len + t) * n, lt = t * n;
          int st = (t - t0) * wn;
          double[] pv = t == t0 ? start : states;
          int sp = t == t0 ? k * wn : st - wn;
          for (int ch = c0; ch < c1; ch++) {
            double gy = g[row + ch], dt = delta[row + ch], x = u[row + ch];
            int so = (ch - c0) * n, ao = ch * n;
            double gx = gy * d[ch], gdt = 0;
            gD[ch - c0] += gy * x;
            for (int j = 0; j < n; j++) {
              double dsj = ds[so + j] + gy * c[bn + j];
              gC[lt + j] += gy * states[st + so + j];
              double prev = pv[sp + so + j];
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
}
