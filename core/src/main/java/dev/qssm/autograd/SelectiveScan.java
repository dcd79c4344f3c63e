package dev.qssm.autograd;

import java.lang.ref.SoftReference;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Mamba's selective scan, fused. Work is split into (batch item, channel block) tasks. The forward
 * keeps the state at every CHUNK-th step (1/CHUNK of all states) and, when they fit in
 * KEEP_DECAYS bytes, every decay exp(delta A); the backward of a task walks the chunks in reverse,
 * recomputing one chunk's states (and decays, unless kept) into a buffer that stays in cache. Gradients shared between tasks (B, C over channels; A, D over the batch) are summed per
 * task and reduced in task order, so the result does not depend on thread scheduling.
 */
final class SelectiveScan {
  private static final int BLOCK = 64;
  private static final int CHUNK = 16;
  // Keeping the decays saves recomputing one exp per state element in the backward (about a sixth
  // of a Mamba step); above this size (config a: 411 MB a layer) recomputing is the better trade.
  private static final long KEEP_DECAYS = 256L << 20;

  // Decay arrays handed back after a backward, reused by the next forward of the same shape (each
  // step of a training run): a fresh 100-400 MB a step kept the young collector copying them.
  // Soft references, so memory pressure still frees them; every entry is overwritten before use.
  private static final ArrayDeque<SoftReference<double[]>> SPARE = new ArrayDeque<>();
  private static final int MAX_SPARE = 256;

  private SelectiveScan() {}

  private static double[] take(int length) {
    synchronized (SPARE) {
      for (var it = SPARE.iterator(); it.hasNext(); ) {
        var ref = it.next();
        var arr = ref.get();
        if (arr == null) {
          it.remove();
        } else if (arr.length == length) {
          it.remove();
          return arr;
        }
      }
    }
    return new double[length];
  }

  private static void giveBack(double[][] arrays) {
    synchronized (SPARE) {
      for (int i = 0; i < arrays.length; i++) {
        if (arrays[i] != null && SPARE.size() < MAX_SPARE) {
          SPARE.push(new SoftReference<>(arrays[i]));
        }
        arrays[i] = null;
      }
    }
  }

  static Tensor apply(Tensor u, Tensor delta, Tensor a, Tensor b, Tensor c, Tensor d) {
    return apply(u, delta, a, b, c, d, KEEP_DECAYS);
  }

  /** With decays kept when they take at most {@code keepBytes} (tests force both paths). */
  static Tensor apply(Tensor u, Tensor delta, Tensor a, Tensor b, Tensor c, Tensor d, long keepBytes) {
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
    var decays = grad && 8L * u.data.length * p.n() <= keepBytes ? new double[p.tasks()][] : null;
    IntStream.range(0, p.tasks()).parallel().forEach(t -> p.forward(t, y, starts, decays));
    return Tensor.make(y, u.shape.clone(), (g, gi) -> p.backward(g, gi, starts, decays), u, delta, a, b, c, d);
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

    // y for one task; with `starts`, also keeps the state before each chunk in starts[task], with
    // `decays` every decay of the task in decays[task] (row t at t * w * N)
    void forward(int task, double[] y, double[][] starts, double[][] decays) {
      int c0 = (task % blocks()) * BLOCK, w = Math.min(dn, c0 + BLOCK) - c0, wn = w * n;
      var states = new double[CHUNK * wn];
      var ev = new double[n];
      var kept = starts == null ? new double[wn] : new double[chunks() * wn];
      var dec = decays == null ? null : take(len * wn);
      for (int k = 0; k < chunks(); k++) {
        int t0 = k * CHUNK, t1 = Math.min(len, t0 + CHUNK);
        int io = starts == null ? 0 : k * wn;
        if (dec == null) {
          run(task, t0, t1, kept, io, states, ev, 0, 0, true, y);
        } else {
          run(task, t0, t1, kept, io, states, dec, t0 * wn, n, true, y);
        }
        if (k + 1 < chunks()) {
          System.arraycopy(states, (t1 - t0 - 1) * wn, kept, starts == null ? 0 : io + wn, wn);
        }
      }
      if (starts != null) {
        starts[task] = kept;
      }
      if (dec != null) {
        decays[task] = dec;
      }
    }

    // Steps t0..t1-1 of one task from the state before t0 (init at io): states into rows t - t0
    // of `states`, outputs into y when non-null. The decay of (t, channel, j) is at e[eo + (t - t0)
    // * wn + (channel - c0) * cs + j] (cs = 0: one row reused); computed there first, in a loop of
    // its own so the recurrence loop is plain multiply-adds, when `compute`, else read from there.
    private void run(int task, int t0, int t1, double[] init, int io, double[] states, double[] e, int eo0,
        int cs, boolean compute, double[] y) {
      int bi = task / blocks(), c0 = (task % blocks()) * BLOCK, c1 = Math.min(dn, c0 + BLOCK), wn = (c1 - c0) * n;
      int ts = cs == 0 ? 0 : wn;
      for (int t = t0; t < t1; t++) {
        int row = (bi * len + t) * dn, bn = (bi * len + t) * n, cur = (t - t0) * wn;
        double[] pv = t == t0 ? init : states;
        int po = t == t0 ? io : cur - wn;
        for (int ch = c0; ch < c1; ch++) {
          double dt = delta[row + ch], x = u[row + ch], dx = dt * x;
          int so = (ch - c0) * n, ao = ch * n;
          int eo = eo0 + (t - t0) * ts + (ch - c0) * cs;
          if (compute) {
            for (int j = 0; j < n; j++) {
              e[eo + j] = FastMath.exp(dt * a[ao + j]);
            }
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

    void backward(double[] g, double[][] gi, double[][] starts, double[][] decays) {
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
        backwardTask(task, g, gi[0], gi[1], gA[task], gD[task], gB[task], gC[task], starts[task],
            decays == null ? null : decays[task]);
      });
      if (decays != null) {
        giveBack(decays); // a second backward through this graph would recompute them
      }
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
        double[] gB, double[] gC, double[] start, double[] kept) {
      int bi = task / blocks(), c0 = (task % blocks()) * BLOCK, c1 = Math.min(dn, c0 + BLOCK), w = c1 - c0;
      int wn = w * n;
      var states = new double[CHUNK * wn];
      var decays = kept != null ? kept : new double[CHUNK * wn];
      var ds = new double[wn];
      for (int k = chunks() - 1; k >= 0; k--) {
        int t0 = k * CHUNK, t1 = Math.min(len, t0 + CHUNK);
        int eb = kept != null ? t0 * wn : 0; // where row t0's decays are
        run(task, t0, t1, start, k * wn, states, decays, eb, n, kept == null, null);
        for (int t = t1 - 1; t >= t0; t--) {
          int row = (bi * len + t) * dn, bn = (bi * len + t) * n, lt = t * n;
          int st = (t - t0) * wn, et = eb + st;
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
              double e = decays[et + so + j];
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
