package dev.qssm.autograd;

import java.util.Arrays;

/**
 * The differentiable operations. Each op computes its output eagerly and records a backward that
 * adds into its inputs' gradients; the forward and backward of an op sit next to each other.
 */
public final class Ops {
  private Ops() {}

  // ---------------------------------------------------------------- elementwise, broadcasting

  public static Tensor add(Tensor a, Tensor b) {
    return binary(a, b, 0);
  }

  public static Tensor sub(Tensor a, Tensor b) {
    return binary(a, b, 1);
  }

  public static Tensor mul(Tensor a, Tensor b) {
    return binary(a, b, 2);
  }

  // op: 0 add, 1 sub, 2 mul. NumPy broadcasting; b usually equals a's shape or a suffix of it.
  private static Tensor binary(Tensor a, Tensor b, int op) {
    int[] shape = broadcastShape(a.shape, b.shape);
    int n = Tensor.size(shape);
    int[] ia = index(a.shape, shape);
    int[] ib = index(b.shape, shape);
    var out = new double[n];
    double[] x = a.data, y = b.data;
    if (ia == null && ib == null) {
      return sameShape(a, b, op, out);
    }
    for (int i = 0; i < n; i++) {
      double u = x[ia == null ? i : ia[i]], v = y[ib == null ? i : ib[i]];
      out[i] = op == 0 ? u + v : op == 1 ? u - v : u * v;
    }
    return Tensor.make(out, shape, (g, gi) -> {
      for (int i = 0; i < n; i++) {
        int pa = ia == null ? i : ia[i], pb = ib == null ? i : ib[i];
        if (gi[0] != null) {
          gi[0][pa] += op == 2 ? g[i] * y[pb] : g[i];
        }
        if (gi[1] != null) {
          gi[1][pb] += op == 2 ? g[i] * x[pa] : op == 1 ? -g[i] : g[i];
        }
      }
    }, a, b);
  }

  // no broadcasting: every element independent, so both passes run in parallel pieces
  private static Tensor sameShape(Tensor a, Tensor b, int op, double[] out) {
    double[] x = a.data, y = b.data;
    Parallel.range(out.length, 1, (lo, hi) -> {
      for (int i = lo; i < hi; i++) {
        out[i] = op == 0 ? x[i] + y[i] : op == 1 ? x[i] - y[i] : x[i] * y[i];
      }
    });
    return Tensor.make(out, a.shape.clone(), (g, gi) -> Parallel.range(g.length, 2, (lo, hi) -> {
      double[] ga = gi[0], gb = gi[1];
      if (ga != null) {
        for (int i = lo; i < hi; i++) {
          ga[i] += op == 2 ? g[i] * y[i] : g[i];
        }
      }
      if (gb != null) {
        for (int i = lo; i < hi; i++) {
          gb[i] += op == 2 ? g[i] * x[i] : op == 1 ? -g[i] : g[i];
        }
      }
    }), a, b);
  }

  static int[] broadcastShape(int[] a, int[] b) {
    int r = Math.max(a.length, b.length);
    var s = new int[r];
    for (int i = 0; i < r; i++) {
      int da = i - (r - a.length) >= 0 ? a[i - (r - a.length)] : 1;
      int db = i - (r - b.length) >= 0 ? b[i - (r - b.length)] : 1;
      if (da != db && da != 1 && db != 1) {
        throw new AutogradException("cannot broadcast shapes " + Arrays.toString(a) + " and " + Arrays.toString(b));
      }
      s[i] = Math.max(da, db);
    }
    return s;
  }

  // for each output position, the position in a tensor of shape `from`; null when identical
  private static int[] index(int[] from, int[] to) {
    if (Arrays.equals(from, to)) {
      return null;
    }
    int n = Tensor.size(to);
    int r = to.length, off = r - from.length;
    var strides = new int[r];
    int s = 1;
    for (int i = from.length - 1; i >= 0; i--) {
      strides[i + off] = from[i] == 1 ? 0 : s;
      s *= from[i];
    }
    var idx = new int[n];
    var counter = new int[r];
    int pos = 0;
    for (int i = 0; i < n; i++) {
      idx[i] = pos;
      for (int d = r - 1; d >= 0; d--) {
        counter[d]++;
        pos += strides[d];
        if (counter[d] < to[d]) {
          break;
        }
        pos -= strides[d] * counter[d];
        counter[d] = 0;
      }
    }
    return idx;
  }

  public static Tensor scale(Tensor a, double c) {
    var out = new double[a.data.length];
    double[] x = a.data;
    Parallel.range(out.length, 1, (lo, hi) -> {
      for (int i = lo; i < hi; i++) {
        out[i] = x[i] * c;
      }
    });
    return Tensor.make(out, a.shape, (g, gi) -> Parallel.range(g.length, 1, (lo, hi) -> {
      for (int i = lo; i < hi; i++) {
        gi[0][i] += c * g[i];
      }
    }), a);
  }

  // The unary functions by code: one switch the JIT inlines per element, where a functional
  // interface shared by all of them would be a megamorphic call per element.
  private static final int EXP = 0, LOG = 1, TANH = 2, SIGMOID = 3, SILU = 4, SOFTPLUS = 5;

  private static double apply(int op, double x) {
    switch (op) {
      case EXP: return Math.exp(x);
      case LOG: return Math.log(x);
      case TANH: return Math.tanh(x);
      case SIGMOID: return sigmoid(x);
      case SILU: return x * sigmoid(x);
      default: return softplus(x);
    }
  }

  // the derivative at input x with output y
  private static double derivative(int op, double x, double y) {
    switch (op) {
      case EXP: return y;
      case LOG: return 1 / x;
      case TANH: return 1 - y * y;
      case SIGMOID: return y * (1 - y);
      case SILU: {
        double s = sigmoid(x);
        return s * (1 + x * (1 - s));
      }
      default: return x > 20 ? 1 : sigmoid(x);
    }
  }

  private static Tensor unary(Tensor a, int op) {
    var x = a.data;
    var y = new double[x.length];
    Parallel.range(y.length, 8, (lo, hi) -> {
      for (int i = lo; i < hi; i++) {
        y[i] = apply(op, x[i]);
      }
    });
    return Tensor.make(y, a.shape, (g, gi) -> Parallel.range(g.length, 8, (lo, hi) -> {
      for (int i = lo; i < hi; i++) {
        gi[0][i] += g[i] * derivative(op, x[i], y[i]);
      }
    }), a);
  }

  public static Tensor exp(Tensor a) {
    return unary(a, EXP);
  }

  public static Tensor log(Tensor a) {
    return unary(a, LOG);
  }

  public static Tensor tanh(Tensor a) {
    return unary(a, TANH);
  }

  public static Tensor sigmoid(Tensor a) {
    return unary(a, SIGMOID);
  }

  public static Tensor silu(Tensor a) {
    return unary(a, SILU);
  }

  /** log(1 + e^x), linear above 20 as PyTorch's softplus (threshold 20). */
  public static Tensor softplus(Tensor a) {
    return unary(a, SOFTPLUS);
  }

  static double sigmoid(double x) {
    return 1 / (1 + FastMath.exp(-x));
  }

  static double softplus(double x) {
    return x > 20 ? x : Math.log1p(FastMath.exp(x));
  }

  // ---------------------------------------------------------------- reductions

  public static Tensor sum(Tensor a) {
    double s = 0;
    for (double v : a.data) {
      s += v;
    }
    return Tensor.make(new double[] {s}, new int[0], (g, gi) -> {
      for (int i = 0; i < gi[0].length; i++) {
        gi[0][i] += g[0];
      }
    }, a);
  }

  public static Tensor mean(Tensor a) {
    return scale(sum(a), 1.0 / a.data.length);
  }

  /** The mean over dimension {@code dim}, which is removed. */
  public static Tensor meanDim(Tensor a, int dim) {
    int d = axis(a, dim);
    int outer = 1, inner = 1, n = a.shape[d];
    for (int i = 0; i < d; i++) {
      outer *= a.shape[i];
    }
    for (int i = d + 1; i < a.shape.length; i++) {
      inner *= a.shape[i];
    }
    var out = new double[outer * inner];
    for (int o = 0; o < outer; o++) {
      for (int k = 0; k < n; k++) {
        int base = (o * n + k) * inner;
        for (int i = 0; i < inner; i++) {
          out[o * inner + i] += a.data[base + i];
        }
      }
    }
    for (int i = 0; i < out.length; i++) {
      out[i] /= n;
    }
    final int fo = outer, fi = inner;
    return Tensor.make(out, removeDim(a.shape, d), (g, gi) -> {
      for (int o = 0; o < fo; o++) {
        for (int k = 0; k < n; k++) {
          int base = (o * n + k) * fi;
          for (int i = 0; i < fi; i++) {
            gi[0][base + i] += g[o * fi + i] / n;
          }
        }
      }
    }, a);
  }

  /** {@code a} at position {@code index} of dimension {@code dim}, which is removed. */
  public static Tensor select(Tensor a, int dim, int index) {
    int d = axis(a, dim);
    int n = a.shape[d];
    if (index < 0 || index >= n) {
      throw new AutogradException("index " + index + " out of range 0.." + (n - 1) + " of dimension " + d);
    }
    int outer = 1, inner = 1;
    for (int i = 0; i < d; i++) {
      outer *= a.shape[i];
    }
    for (int i = d + 1; i < a.shape.length; i++) {
      inner *= a.shape[i];
    }
    var out = new double[outer * inner];
    for (int o = 0; o < outer; o++) {
      System.arraycopy(a.data, (o * n + index) * inner, out, o * inner, inner);
    }
    final int fo = outer, fi = inner;
    return Tensor.make(out, removeDim(a.shape, d), (g, gi) -> {
      for (int o = 0; o < fo; o++) {
        int base = (o * n + index) * fi;
        for (int i = 0; i < fi; i++) {
          gi[0][base + i] += g[o * fi + i];
        }
      }
    }, a);
  }

  private static int axis(Tensor a, int dim) {
    int d = dim < 0 ? a.shape.length + dim : dim;
    if (d < 0 || d >= a.shape.length) {
      throw new AutogradException("dimension " + dim + " out of range for shape " + Arrays.toString(a.shape));
    }
    return d;
  }

  private static int[] removeDim(int[] s, int d) {
    var r = new int[s.length - 1];
    for (int i = 0, j = 0; i < s.length; i++) {
      if (i != d) {
        r[j++] = s[i];
      }
    }
    return r;
  }

  // ---------------------------------------------------------------- shapes

  public static Tensor reshape(Tensor a, int... shape) {
    if (Tensor.size(shape) != a.data.length) {
      throw new AutogradException("cannot reshape " + Arrays.toString(a.shape) + " to " + Arrays.toString(shape));
    }
    return Tensor.make(a.data, shape.clone(), (g, gi) -> Parallel.range(g.length, 1, (lo, hi) -> {
      for (int i = lo; i < hi; i++) {
        gi[0][i] += g[i];
      }
    }), a);
  }

  /** Columns {@code from..to-1} of the last dimension. */
  public static Tensor sliceLast(Tensor a, int from, int to) {
    int c = a.shape[a.shape.length - 1];
    if (from < 0 || to > c || from >= to) {
      throw new AutogradException("slice " + from + ".." + to + " outside last dimension of size " + c);
    }
    int w = to - from, rows = a.data.length / c;
    var out = new double[rows * w];
    Parallel.range(rows, w, (lo, hi) -> {
      for (int r = lo; r < hi; r++) {
        System.arraycopy(a.data, r * c + from, out, r * w, w);
      }
    });
    var shape = a.shape.clone();
    shape[shape.length - 1] = w;
    return Tensor.make(out, shape, (g, gi) -> Parallel.range(rows, w, (lo, hi) -> {
      for (int r = lo; r < hi; r++) {
        for (int j = 0; j < w; j++) {
          gi[0][r * c + from + j] += g[r * w + j];
        }
      }
    }), a);
  }

  /** Joins tensors along the last dimension (all other dimensions equal). */
  public static Tensor concatLast(Tensor... parts) {
    int rows = parts[0].data.length / parts[0].dim(-1);
    int total = 0;
    for (var p : parts) {
      if (p.data.length / p.dim(-1) != rows || p.rank() != parts[0].rank()) {
        throw new AutogradException("concat needs equal leading dimensions, got " + Arrays.toString(parts[0].shape)
            + " and " + Arrays.toString(p.shape));
      }
      total += p.dim(-1);
    }
    var out = new double[rows * total];
    int off = 0;
    var offs = new int[parts.length];
    for (int k = 0; k < parts.length; k++) {
      offs[k] = off;
      int w = parts[k].dim(-1);
      for (int r = 0; r < rows; r++) {
        System.arraycopy(parts[k].data, r * w, out, r * total + off, w);
      }
      off += w;
    }
    var shape = parts[0].shape.clone();
    shape[shape.length - 1] = total;
    final int t = total;
    return Tensor.make(out, shape, (g, gi) -> {
      for (int k = 0; k < parts.length; k++) {
        if (gi[k] == null) {
          continue;
        }
        int w = parts[k].dim(-1);
        for (int r = 0; r < rows; r++) {
          for (int j = 0; j < w; j++) {
            gi[k][r * w + j] += g[r * t + offs[k] + j];
          }
        }
      }
    }, parts);
  }

  // ---------------------------------------------------------------- products

  /** {@code a [..., K] @ b [K, N]} giving {@code [..., N]}. */
  public static Tensor matmul(Tensor a, Tensor b) {
    if (b.rank() != 2 || a.dim(-1) != b.shape[0]) {
      throw new AutogradException("matmul needs a [..., K] and b [K, N], got " + Arrays.toString(a.shape)
          + " and " + Arrays.toString(b.shape));
    }
    int k = b.shape[0], n = b.shape[1], m = a.data.length / k;
    var out = new double[m * n];
    Gemm.nn(m, n, k, a.data, b.data, out);
    var shape = a.shape.clone();
    shape[shape.length - 1] = n;
    return Tensor.make(out, shape, (g, gi) -> {
      if (gi[0] != null) {
        Gemm.nn(m, k, n, g, Gemm.transpose(b.data, k, n), gi[0]);
      }
      if (gi[1] != null) {
        Gemm.tn(k, n, m, a.data, g, gi[1]);
      }
    }, a, b);
  }

  /** {@code x [..., K] @ w[N, K]^T + bias[N]} (PyTorch's Linear; bias may be null). */
  public static Tensor linear(Tensor x, Tensor w, Tensor bias) {
    if (w.rank() != 2 || x.dim(-1) != w.shape[1]) {
      throw new AutogradException("linear needs x [..., K] and weight [N, K], got " + Arrays.toString(x.shape)
          + " and " + Arrays.toString(w.shape));
    }
    int n = w.shape[0], k = w.shape[1], m = x.data.length / k;
    if (bias != null && (bias.rank() != 1 || bias.shape[0] != n)) {
      throw new AutogradException("linear bias must have shape [" + n + "], got " + Arrays.toString(bias.shape));
    }
    var out = new double[m * n];
    if (bias != null) {
      Parallel.range(m, n, (lo, hi) -> {
        for (int r = lo; r < hi; r++) {
          System.arraycopy(bias.data, 0, out, r * n, n);
        }
      });
    }
    Gemm.nn(m, n, k, x.data, Gemm.transpose(w.data, n, k), out);
    var shape = x.shape.clone();
    shape[shape.length - 1] = n;
    Tensor[] ins = bias == null ? new Tensor[] {x, w} : new Tensor[] {x, w, bias};
    return Tensor.make(out, shape, (g, gi) -> {
      if (gi[0] != null) {
        Gemm.nn(m, k, n, g, w.data, gi[0]);
      }
      if (gi[1] != null) {
        Gemm.tn(n, k, m, g, x.data, gi[1]);
      }
      if (bias != null && gi[2] != null) {
        Parallel.reduce(m, n, n, gi[2], (lo, hi, part) -> {
          for (int r = lo; r < hi; r++) {
            for (int j = 0; j < n; j++) {
              part[j] += g[r * n + j];
            }
          }
        });
      }
    }, ins);
  }

  // ---------------------------------------------------------------- layers

  /**
   * Depthwise causal convolution over time, channels last: {@code x [B, L, C]}, {@code w [C, 1, K]}
   * (PyTorch Conv1d layout), {@code bias [C]}; {@code y[b,t,c] = bias[c] + sum_k w[c,k]
   * x[b,t-(K-1)+k,c]} with zeros before the start.
   */
  public static Tensor conv1dCausal(Tensor x, Tensor w, Tensor bias) {
    if (x.rank() != 3 || w.rank() != 3 || w.shape[0] != x.shape[2] || w.shape[1] != 1
        || bias.rank() != 1 || bias.shape[0] != x.shape[2]) {
      throw new AutogradException("conv1dCausal needs x [B, L, C], weight [C, 1, K], bias [C], got "
          + Arrays.toString(x.shape) + ", " + Arrays.toString(w.shape) + ", " + Arrays.toString(bias.shape));
    }
    int bsz = x.shape[0], len = x.shape[1], c = x.shape[2], kw = w.shape[2], rows = bsz * len;
    var out = new double[x.data.length];
    double[] xd = x.data, wd = w.data, bd = bias.data;
    Parallel.range(rows, (long) c * kw, (lo, hi) -> {
      for (int r = lo; r < hi; r++) {
        int t = r % len, o = r * c;
        System.arraycopy(bd, 0, out, o, c);
        for (int k = Math.max(0, kw - 1 - t); k < kw; k++) {
          int xi = (r - (kw - 1) + k) * c;
          for (int ch = 0; ch < c; ch++) {
            out[o + ch] += wd[ch * kw + k] * xd[xi + ch];
          }
        }
      }
    });
    return Tensor.make(out, x.shape.clone(), (g, gi) -> {
      if (gi[0] != null) {
        // dx[s] = sum_k w[k] g[s + K-1-k] over the outputs s feeds (those before the sequence end)
        Parallel.range(rows, (long) c * kw, (lo, hi) -> {
          for (int r = lo; r < hi; r++) {
            int s = r % len, xi = r * c;
            for (int k = Math.max(0, s + kw - len); k < kw; k++) {
              int o = (r + (kw - 1) - k) * c;
              for (int ch = 0; ch < c; ch++) {
                gi[0][xi + ch] += wd[ch * kw + k] * g[o + ch];
              }
            }
          }
        });
      }
      if (gi[1] != null || gi[2] != null) {
        // partials laid out [k][channel] (bias last) so the inner loop runs over contiguous channels
        var sums = new double[(kw + 1) * c];
        Parallel.reduce(rows, (long) c * (kw + 1), sums.length, sums, (lo, hi, part) -> {
          for (int r = lo; r < hi; r++) {
            int t = r % len, o = r * c;
            for (int ch = 0; ch < c; ch++) {
              part[kw * c + ch] += g[o + ch];
            }
            for (int k = Math.max(0, kw - 1 - t); k < kw; k++) {
              int xi = (r - (kw - 1) + k) * c, pk = k * c;
              for (int ch = 0; ch < c; ch++) {
                part[pk + ch] += xd[xi + ch] * g[o + ch];
              }
            }
          }
        });
        for (int ch = 0; ch < c; ch++) {
          if (gi[1] != null) {
            for (int k = 0; k < kw; k++) {
              gi[1][ch * kw + k] += sums[k * c + ch];
            }
          }
          if (gi[2] != null) {
            gi[2][ch] += sums[kw * c + ch];
          }
        }
      }
    }, x, w, bias);
  }

  /** {@code x / sqrt(mean(x^2 over the last dim) + eps) * weight}. */
  public static Tensor rmsNorm(Tensor x, Tensor weight, double eps) {
    int d = x.dim(-1), rows = x.data.length / d;
    if (weight.rank() != 1 || weight.shape[0] != d) {
      throw new AutogradException("rmsNorm weight must have shape [" + d + "], got " + Arrays.toString(weight.shape));
    }
    var out = new double[x.data.length];
    var inv = new double[rows];
    double[] xd = x.data, wd = weight.data;
    Parallel.range(rows, d, (lo, hi) -> {
      for (int r = lo; r < hi; r++) {
        double ss = 0;
        for (int j = 0; j < d; j++) {
          ss += xd[r * d + j] * xd[r * d + j];
        }
        inv[r] = 1 / Math.sqrt(ss / d + eps);
        for (int j = 0; j < d; j++) {
          out[r * d + j] = xd[r * d + j] * inv[r] * wd[j];
        }
      }
    });
    return Tensor.make(out, x.shape.clone(), (g, gi) -> {
      if (gi[0] != null) {
        Parallel.range(rows, 2L * d, (lo, hi) -> {
          for (int r = lo; r < hi; r++) {
            double ir = inv[r];
            double dot = 0;
            for (int j = 0; j < d; j++) {
              dot += g[r * d + j] * wd[j] * xd[r * d + j];
            }
            double coef = ir * ir * ir * dot / d;
            for (int j = 0; j < d; j++) {
              gi[0][r * d + j] += ir * g[r * d + j] * wd[j] - coef * xd[r * d + j];
            }
          }
        });
      }
      if (gi[1] != null) {
        Parallel.reduce(rows, d, d, gi[1], (lo, hi, part) -> {
          for (int r = lo; r < hi; r++) {
            double ir = inv[r];
            for (int j = 0; j < d; j++) {
              part[j] += g[r * d + j] * xd[r * d + j] * ir;
            }
          }
        });
      }
    }, x, weight);
  }

  /** Rows of {@code table [V, D]} picked by {@code indices} (shape {@code idxShape}): {@code [..., D]}. */
  public static Tensor embedding(Tensor table, int[] indices, int... idxShape) {
    int v = table.shape[0], d = table.shape[1];
    var out = new double[indices.length * d];
    for (int i = 0; i < indices.length; i++) {
      if (indices[i] < 0 || indices[i] >= v) {
        throw new AutogradException("embedding index " + indices[i] + " outside 0.." + (v - 1));
      }
      System.arraycopy(table.data, indices[i] * d, out, i * d, d);
    }
    var shape = Arrays.copyOf(idxShape, idxShape.length + 1);
    shape[idxShape.length] = d;
    return Tensor.make(out, shape, (g, gi) -> {
      for (int i = 0; i < indices.length; i++) {
        for (int j = 0; j < d; j++) {
          gi[0][indices[i] * d + j] += g[i * d + j];
        }
      }
    }, table);
  }

  /** Mean cross-entropy of {@code logits [B, C]} against class {@code labels[b]}. */
  public static Tensor crossEntropy(Tensor logits, int[] labels) {
    if (logits.rank() != 2 || logits.shape[0] != labels.length) {
      throw new AutogradException("crossEntropy needs logits [B, C] and B labels, got "
          + Arrays.toString(logits.shape) + " and " + labels.length + " labels");
    }
    int b = labels.length, c = logits.shape[1];
    var prob = new double[b * c];
    double loss = 0;
    for (int i = 0; i < b; i++) {
      if (labels[i] < 0 || labels[i] >= c) {
        throw new AutogradException("label " + labels[i] + " outside 0.." + (c - 1));
      }
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < c; j++) {
        max = Math.max(max, logits.data[i * c + j]);
      }
      double z = 0;
      for (int j = 0; j < c; j++) {
        prob[i * c + j] = Math.exp(logits.data[i * c + j] - max);
        z += prob[i * c + j];
      }
      for (int j = 0; j < c; j++) {
        prob[i * c + j] /= z;
      }
      loss += Math.log(z) + max - logits.data[i * c + labels[i]];
    }
    return Tensor.make(new double[] {loss / b}, new int[0], (g, gi) -> {
      for (int i = 0; i < b; i++) {
        for (int j = 0; j < c; j++) {
          gi[0][i * c + j] += g[0] * (prob[i * c + j] - (j == labels[i] ? 1 : 0)) / b;
        }
      }
    }, logits);
  }

  /** Mean squared error. */
  public static Tensor mse(Tensor a, Tensor b) {
    var d = sub(a, b);
    return mean(mul(d, d));
  }

  /**
   * The selective scan of Mamba as one op: {@code s_t = exp(delta_t A) s_{t-1} + delta_t B_t u_t},
   * {@code y_t = C_t . s_t + D u_t}. Shapes: u, delta [Bt, L, Dn]; A [Dn, N]; B, C [Bt, L, N];
   * D [Dn]. The backward recomputes the states one channel at a time rather than storing all
   * {@code Bt x L x Dn x N} of them.
   */
  public static Tensor selectiveScan(Tensor u, Tensor delta, Tensor a, Tensor b, Tensor c, Tensor d) {
    return SelectiveScan.apply(u, delta, a, b, c, d);
  }
}
