package dev.qssm.simulator.statevector;

import dev.qssm.backend.Gradient;
import dev.qssm.backend.Readout;
import dev.qssm.backend.Task;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The matrix-product path for "amplitude-encode x on all qubits, then a data-free unitary U(θ)":
 * U is built once per distinct weight binding by running the gates on the 2^n identity columns
 * (a batch whose lanes are the columns), and every row's state is a row of Ψᵀ = X Uᵀ. Backward:
 * dX = Re(G U*) and Γ = G X as products, then dL/dθ by walking the gates back over the columns
 * of U and Γ (the adjoint method with 2^n lanes and shared angles).
 *
 * <p>Only the part of U that matters is used: when the encoded values fill the first {@code kin}
 * basis states (fewer inputs than 2^n, e.g. 128 values on 10 qubits) only U's first {@code kin}
 * columns are built and multiplied, and when the readout is the exact probabilities of the first
 * {@code kout} basis states (e.g. 40 of 512) only U's first {@code kout} rows enter the products.
 */
final class FastPath {
  private FastPath() {}

  /** Widest circuit for which U (16 * 4^n bytes) is built. */
  static final int MAX_QUBITS = 11;
  /** Rows per product block, so X and Ψ stay a few tens of MB. */
  private static final int BLOCK_AMPLITUDES = 1 << 22;
  /**
   * Cost of one matrix-product flop relative to one gate-amplitude update, measured on the
   * 10-qubit projection benchmark (about 0.15 ns per flop against about 1 ns per update per
   * thread; see docs/simulator.md).
   */
  static final double FLOP_COST = 0.15;

  static boolean applies(StatevectorEngine engine, Program p, Task task) {
    if (engine.fastPath == StatevectorEngine.FastPathMode.NEVER || !structural(p)) {
      return false;
    }
    if (engine.fastPath == StatevectorEngine.FastPathMode.ALWAYS) {
      return true;
    }
    // Costs of a forward pass and the backward pass that usually follows (training): per row the
    // gate path makes G 2^n updates forward and about 4 G 2^n in its vjp (forward again, then psi,
    // lambda and the inner products back); the matrix path 4 kout kin flops forward and 8 back, plus
    // per weight group about 4 G 2^n kin updates (building U, then walking U and Γ back).
    double dim = 1 << p.n;
    double kin = inputWidth((Program.EncodeStep) p.steps.get(0), p.n);
    double kout = outputWidth(p, task);
    double gates = p.gates().size();
    int groups = groups(p, task.bindings()).size();
    double generic = task.rows() * 5 * gates * dim;
    double matrix = groups * 4 * gates * dim * kin + task.rows() * 12 * kout * kin * FLOP_COST;
    return matrix < generic;
  }

  /** Amplitude encoding on every qubit first, then gates whose angles use only weights and constants. */
  static boolean structural(Program p) {
    if (p.midCircuit || p.n > MAX_QUBITS || p.steps.isEmpty()) {
      return false;
    }
    if (!(p.steps.get(0) instanceof Program.EncodeStep e) || e.qubits().length != p.n) {
      return false;
    }
    var params = p.circuit.parameters();
    for (int k = 1; k < p.steps.size(); k++) {
      var step = p.steps.get(k);
      if (step instanceof Program.GateStep g) {
        for (int c : g.cols) {
          if (c >= 0 && !params.get(c).isWeight()) {
            return false;
          }
        }
      } else if (!(step instanceof Program.MeasureStep)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Rows grouped by the values of the columns the gates use (compared bit for bit, as
   * {@link Double#equals}); a row is first compared with the previous row's group, so the usual
   * case (every row shares the weights) allocates nothing per row.
   */
  static List<int[]> groups(Program p, double[][] rows) {
    var cols = new java.util.TreeSet<Integer>();
    for (var g : p.gates()) {
      for (int c : g.cols) {
        if (c >= 0) {
          cols.add(c);
        }
      }
    }
    int[] cs = cols.stream().mapToInt(Integer::intValue).toArray();
    var firsts = new ArrayList<Integer>(); // the first row of each group
    var members = new ArrayList<int[]>();
    var sizes = new ArrayList<Integer>();
    int last = -1;
    for (int r = 0; r < rows.length; r++) {
      int g = last >= 0 && same(rows[firsts.get(last)], rows[r], cs) ? last : -1;
      for (int k = 0; g < 0 && k < firsts.size(); k++) {
        if (same(rows[firsts.get(k)], rows[r], cs)) {
          g = k;
        }
      }
      if (g < 0) {
        g = firsts.size();
        firsts.add(r);
        members.add(new int[4]);
        sizes.add(0);
      }
      int size = sizes.get(g);
      if (size == members.get(g).length) {
        members.set(g, Arrays.copyOf(members.get(g), 2 * size));
      }
      members.get(g)[size] = r;
      sizes.set(g, size + 1);
      last = g;
    }
    var out = new ArrayList<int[]>(members.size());
    for (int g = 0; g < members.size(); g++) {
      out.add(Arrays.copyOf(members.get(g), sizes.get(g)));
    }
    return out;
  }

  private static boolean same(double[] a, double[] b, int[] cols) {
    for (int c : cols) {
      if (Double.doubleToLongBits(a[c]) != Double.doubleToLongBits(b[c])) {
        return false;
      }
    }
    return true;
  }

  /**
   * The encoded values fill basis states 0 .. kin-1 when the encoding's qubits are 0, 1, .. in
   * order (then amplitude j sits in basis state j); otherwise all 2^n.
   */
  static int inputWidth(Program.EncodeStep e, int n) {
    var qs = e.qubits();
    for (int b = 0; b < qs.length; b++) {
      if (qs[b] != b) {
        return 1 << n;
      }
    }
    return e.cols().length;
  }

  /**
   * kout when the task reads the exact probabilities of basis states 0 .. kout-1 of all qubits in
   * order (then row k of U gives probability k); 2^n (the whole state, read by the engine) otherwise.
   */
  static int outputWidth(Program p, Task task) {
    return direct(p, task) ? task.readout().size(task.circuit()) : 1 << p.n;
  }

  /** Whether the values are |psi_k|^2 for k below {@link #outputWidth}, computed here. */
  private static boolean direct(Program p, Task task) {
    if (task.shots() > 0 || !(task.readout() instanceof Readout.Probabilities pr)) {
      return false;
    }
    var qs = pr.qubitsOf(task.circuit());
    if (qs.length != p.n) {
      return false;
    }
    for (int b = 0; b < qs.length; b++) {
      if (qs[b] != b) {
        return false;
      }
    }
    return true;
  }

  /** The first {@code kin} columns of U(θ) of the row {@code row}'s weights, as a batch whose lane j is column j. */
  static Amps unitary(Program p, double[][] rows, int row, int kin, Par par) {
    int dim = 1 << p.n;
    var re = new double[dim][kin];
    var im = new double[dim][kin];
    for (int i = 0; i < kin; i++) {
      re[i][i] = 1;
    }
    var u = Amps.wrap(p.n, 0, re, im);
    for (var g : p.gates()) {
      Kernels.apply(u, g.targets, g.cMask, g.cVal, g.matrix(rows, row, 1, -1), g.kind, par);
    }
    return u;
  }

  /** Basis index of amplitude slot j of the encoding (slot bit b belongs to qubit qubits[b]). */
  private static int[] slots(Program.EncodeStep e) {
    var qs = e.qubits();
    var idx = new int[1 << qs.length];
    for (int j = 0; j < idx.length; j++) {
      for (int b = 0; b < qs.length; b++) {
        idx[j] |= (j >> b & 1) << qs[b];
      }
    }
    return idx;
  }

  /**
   * Writes row {@code row}'s normalised values into {@code dst} at their basis states and returns
   * the norm; the zero vector and non-finite values go to the encoding for its error.
   */
  private static double encode(Program.EncodeStep e, double[] row, int[] slot, double[] dst) {
    var cols = e.cols();
    double s = 0;
    for (int c : cols) {
      s += row[c] * row[c];
    }
    if (!(s > 0) || !Double.isFinite(s)) {
      var values = new double[cols.length];
      for (int j = 0; j < values.length; j++) {
        values[j] = row[cols[j]];
      }
      e.op().normalisedAmplitudes(values); // throws, naming what is wrong
    }
    double norm = Math.sqrt(s);
    double inv = 1 / norm;
    for (int j = 0; j < cols.length; j++) {
      dst[slot[j]] = row[cols[j]] * inv;
    }
    return norm;
  }

  /** The encoded rows, {@code [count][kin]} (amplitudes past the values are zero, so past kin too). */
  private static double[][] inputs(Program.EncodeStep e, double[][] rows, int[] members, int from, int count,
      int kin, double[] norms, Par par) {
    var slot = slots(e);
    var x = new double[count][kin];
    par.jobs(count, r -> {
      double norm = encode(e, rows[members[from + r]], slot, x[r]);
      if (norms != null) {
        norms[r] = norm;
      }
    });
    return x;
  }

  private static int blockRows(int kin, int kout) {
    return Math.max(1, BLOCK_AMPLITUDES / Math.max(kin, kout));
  }

  /** Writes the values of one row computed by the matrix path itself. */
  interface RowValues {
    void accept(int row, double[] values);
  }

  /**
   * What a forward pass keeps for the backward pass of the same task: U per weight group and every
   * row's state. Held through a soft reference, matched by task and bindings identity.
   */
  record Saved(Task task, double[][] bindings, List<int[]> groups, List<Amps> unitaries, double[][] psiRe,
      double[][] psiIm) {
    /** About what the kept states take: 16 bytes per complex amplitude. */
    long bytes() {
      return psiRe.length == 0 || psiRe[0] == null ? 0 : 16L * psiRe.length * psiRe[0].length;
    }
  }

  static void forward(StatevectorEngine engine, Program p, Task task, StatevectorEngine.Finisher finish,
      RowValues direct) {
    var rows = task.bindings();
    var e = (Program.EncodeStep) p.steps.get(0);
    int kin = inputWidth(e, p.n);
    int kout = outputWidth(p, task);
    boolean isDirect = direct(p, task);
    int block = blockRows(kin, kout);
    var none = new boolean[p.measQubit.length];
    boolean keep = engine.mayKeep(16L * rows.length * kout);
    var groups = groups(p, rows);
    var unitaries = new ArrayList<Amps>();
    var keptRe = keep ? new double[rows.length][] : null;
    var keptIm = keep ? new double[rows.length][] : null;
    for (int[] members : groups) {
      var u = unitary(p, rows, members[0], kin, engine.par);
      unitaries.add(u);
      for (int from = 0; from < members.length; from += block) {
        int count = Math.min(block, members.length - from);
        var x = inputs(e, rows, members, from, count, kin, null, engine.par);
        var psiRe = new double[count][];
        var psiIm = new double[count][];
        states(x, u, psiRe, psiIm, count, kout, kin, engine.par);
        int base = from;
        if (isDirect) {
          engine.par.jobs(count, r -> {
            var v = new double[kout];
            var re = psiRe[r];
            var im = psiIm[r];
            for (int k = 0; k < kout; k++) {
              v[k] = re[k] * re[k] + im[k] * im[k];
            }
            direct.accept(members[base + r], v);
          });
        } else {
          engine.par.jobs(count, r -> finish.accept(members[base + r],
              List.of(new Branch(1, View.flat(p.n, psiRe[r], psiIm[r]), none))));
        }
        if (keep) {
          for (int r = 0; r < count; r++) {
            keptRe[members[base + r]] = psiRe[r];
            keptIm[members[base + r]] = psiIm[r];
          }
        }
      }
    }
    if (keep) {
      engine.keep(new Saved(task, rows, groups, unitaries, keptRe, keptIm));
    }
  }

  /** Below this many outputs the states are computed transposed (see {@link #states}). */
  private static final int NARROW = 64;

  /**
   * The rows' states on the first kout basis states, psi = X Uᵀ (real X, complex U), into fresh
   * rows of psiRe and psiIm. Few outputs make the product's rows short, and short rows leave the
   * vectorised loop little to do (x_proj's 512 -> 40: 8-14 GFLOP/s), so then the product is taken
   * as psiᵀ = [Re U; Im U] Xᵀ, whose rows run over all tokens, and transposed back.
   */
  private static void states(double[][] x, Amps u, double[][] psiRe, double[][] psiIm, int count, int kout, int kin,
      Par par) {
    if (kout >= NARROW || count < 4 * kout) {
      for (int r = 0; r < count; r++) {
        psiRe[r] = new double[kout];
        psiIm[r] = new double[kout];
      }
      Gemm.multiply(x, false, u.re, true, psiRe, false, count, kout, kin, par);
      Gemm.multiply(x, false, u.im, true, psiIm, false, count, kout, kin, par);
      return;
    }
    var stacked = new double[2 * kout][];
    System.arraycopy(u.re, 0, stacked, 0, kout);
    System.arraycopy(u.im, 0, stacked, kout, kout);
    var t = new double[2 * kout][count];
    Gemm.multiply(stacked, false, x, true, t, false, 2 * kout, count, kin, par);
    par.jobs(count, r -> {
      var re = new double[kout];
      var im = new double[kout];
      for (int k = 0; k < kout; k++) {
        re[k] = t[k][r];
        im[k] = t[kout + k][r];
      }
      psiRe[r] = re;
      psiIm[r] = im;
    });
  }

  /** Input gradients per row through the normalisation; weight gradients summed by one walk per group. */
  static Gradient vjp(StatevectorEngine engine, Program p, Task task, double[][] cot) {
    var e = (Program.EncodeStep) p.steps.get(0);
    var rows = task.bindings();
    int dim = 1 << p.n;
    int kin = inputWidth(e, p.n);
    int kout = outputWidth(p, task);
    boolean isDirect = direct(p, task);
    int block = blockRows(kin, kout);
    int params = p.circuit.parameters().size();
    var out = new double[rows.length][params];
    var slot = slots(e);
    var par = engine.par;
    var saved = engine.kept(task);
    var groups = saved != null ? saved.groups() : groups(p, rows);
    for (int gi = 0; gi < groups.size(); gi++) {
      int[] members = groups.get(gi);
      var u = saved != null ? saved.unitaries().get(gi) : unitary(p, rows, members[0], kin, par);
      // Γ's rows past kout stay zero (G is zero there), its columns past kin are never built
      boolean fewOutputs = kout < kin;
      var gammaRe = new double[fewOutputs ? kout : dim][kin];
      var gammaIm = new double[fewOutputs ? kout : dim][kin];
      for (int from = 0; from < members.length; from += block) {
        int count = Math.min(block, members.length - from);
        int base = from;
        var norms = new double[count];
        var x = inputs(e, rows, members, from, count, kin, norms, par);
        double[][] psiRe;
        double[][] psiIm;
        if (saved != null) {
          psiRe = new double[count][];
          psiIm = new double[count][];
          for (int r = 0; r < count; r++) {
            psiRe[r] = saved.psiRe()[members[base + r]];
            psiIm[r] = saved.psiIm()[members[base + r]];
          }
        } else {
          psiRe = new double[count][];
          psiIm = new double[count][];
          states(x, u, psiRe, psiIm, count, kout, kin, par);
        }
        // G = 2 O psi (O diagonal with the cotangent for direct probabilities). psi is not needed
        // after this and is ours (computed here, or a kept entry that kept() took out), so a diagonal
        // O overwrites it: at in_proj's size that saves 100 MB of allocation per backward pass.
        var gRe = isDirect ? psiRe : new double[count][kout];
        var gIm = isDirect ? psiIm : new double[count][kout];
        par.jobs(count, r -> {
          var c = cot[members[base + r]];
          if (isDirect) {
            var re = gRe[r];
            var im = gIm[r];
            for (int k = 0; k < kout; k++) {
              re[k] *= 2 * c[k];
              im[k] *= 2 * c[k];
            }
            return;
          }
          Evolution.seed(p, task.readout(), View.flat(p.n, psiRe[r], psiIm[r]), View.flat(p.n, gRe[r], gIm[r]), c);
          for (int i = 0; i < dim; i++) {
            gRe[r][i] *= 2;
            gIm[r][i] *= 2;
          }
        });
        // dL/dx = Re(G^H U) = Gre Ure + Gim Uim
        var dx = new double[count][kin];
        Gemm.multiply(gRe, false, u.re, false, dx, false, count, kin, kout, par);
        Gemm.multiply(gIm, false, u.im, false, dx, true, count, kin, kout, par);
        // through x = v/||v||: dL/dv_j = (g_j - x_j (x . g)) / ||v||
        var cols = e.cols();
        par.jobs(count, r -> {
          var xr = x[r];
          var gr = dx[r];
          double dot = 0;
          for (int j = 0; j < cols.length; j++) {
            dot += xr[slot[j]] * gr[slot[j]];
          }
          var o = out[members[base + r]];
          double inv = 1 / norms[r];
          for (int j = 0; j < cols.length; j++) {
            o[cols[j]] += (gr[slot[j]] - xr[slot[j]] * dot) * inv;
          }
        });
        // Γ += Gᵀ X (rows: output basis index, columns: input basis index)
        Gemm.multiply(gRe, true, x, false, gammaRe, true, kout, kin, count, par);
        Gemm.multiply(gIm, true, x, false, gammaIm, true, kout, kin, count, par);
      }
      var weights = fewOutputs
          ? walkBack(p, rows, members[0], outputSide(u, gammaRe, gammaIm, dim, kout, kin, par),
              Amps.wrap(p.n, 0, firstColumns(dim, kout), new double[dim][kout]), par)
          // the walk consumes U, so a kept U is copied first
          : walkBack(p, rows, members[0], saved != null ? u.copy() : u, Amps.wrap(p.n, 0, gammaRe, gammaIm), par);
      for (int c = 0; c < params; c++) {
        out[0][c] += weights[c];
      }
    }
    // weight columns hold their sum in row 0, so summing over rows recovers exactly that
    return Gradient.fromRows(task.circuit(), out);
  }

  /**
   * The walk's W for few outputs: M = U Γᴴ (dim x kout). With Λ = the first kout basis columns,
   * tr(Λᴴ dU_g M) = tr(Γᴴ dU_g) as with W = U and Λ = Γ (cyclic trace), and both still un-compute
   * by the inverse gates, but every gate now touches kout lanes instead of kin: x_proj's 512 -> 40
   * walks 40 lanes, not 512. Consumes gammaIm (negated).
   */
  private static Amps outputSide(Amps u, double[][] gammaRe, double[][] gammaIm, int dim, int kout, int kin,
      Par par) {
    // M = (Ure + i Uim)(Γre - i Γim)ᵀ: Re = Ure Γreᵀ + Uim Γimᵀ, Im = Uim Γreᵀ - Ure Γimᵀ
    var mRe = new double[dim][kout];
    var mIm = new double[dim][kout];
    Gemm.multiply(u.re, false, gammaRe, true, mRe, false, dim, kout, kin, par);
    Gemm.multiply(u.im, false, gammaIm, true, mRe, true, dim, kout, kin, par);
    for (var row : gammaIm) {
      for (int j = 0; j < kin; j++) {
        row[j] = -row[j];
      }
    }
    Gemm.multiply(u.im, false, gammaRe, true, mIm, false, dim, kout, kin, par);
    Gemm.multiply(u.re, false, gammaIm, true, mIm, true, dim, kout, kin, par);
    return Amps.wrap(u.n, 0, mRe, mIm);
  }

  private static double[][] firstColumns(int dim, int k) {
    var e = new double[dim][k];
    for (int o = 0; o < k; o++) {
      e[o][o] = 1;
    }
    return e;
  }

  /** dL/dθ = Re tr(Λᵀ* dU_g W) gate by gate, un-computing W (= U) and Λ (= Γ) on the way. */
  private static double[] walkBack(Program p, double[][] rows, int row, Amps w, Amps lam, Par par) {
    var grads = new double[p.circuit.parameters().size()];
    var gates = p.gates();
    var acc = new double[w.w];
    for (int k = gates.size() - 1; k >= 0; k--) {
      var g = gates.get(k);
      var m = g.matrix(rows, row, 1, -1);
      var inv = g.kind == Kernels.Kind.PERM ? m : m.adjoint();
      Kernels.apply(w, g.targets, g.cMask, g.cVal, inv, g.kind, par);
      for (int a = 0; a < g.cols.length; a++) {
        if (g.cols[a] < 0) {
          continue;
        }
        Arrays.fill(acc, 0);
        var dm = g.matrix(rows, row, 1, a);
        Kernels.inner(lam, w, g.targets, g.cMask, g.cVal, dm, g.derivativeKind() == Kernels.Kind.DIAG, par, acc);
        double s = 0;
        for (double v : acc) {
          s += v;
        }
        grads[g.cols[a]] += g.scale[a] * s;
      }
      Kernels.apply(lam, g.targets, g.cMask, g.cVal, inv, g.kind, par);
    }
    return grads;
  }
}
