package dev.qssm.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.qssm.testkit.GradCheck;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Every op's backward against central finite differences, plus forward values checked by hand. */
class OpsGradientTest {
  static final double TOL = 1e-6;
  final Random rng = new Random(42);

  Tensor var(int... shape) {
    var v = new double[Tensor.size(shape)];
    for (int i = 0; i < v.length; i++) {
      v[i] = rng.nextGaussian();
    }
    return Tensor.variable(v, shape);
  }

  Tensor positive(int... shape) {
    var t = var(shape);
    for (int i = 0; i < t.size(); i++) {
      t.data()[i] = 0.5 + Math.abs(t.data()[i]);
    }
    return t;
  }

  @Test
  void broadcastingArithmetic() {
    GradCheck.check(in -> in[0].add(in[1]), TOL, var(2, 3, 4), var(4));
    GradCheck.check(in -> in[0].sub(in[1]), TOL, var(2, 3, 4), var(3, 1));
    GradCheck.check(in -> in[0].mul(in[1]), TOL, var(2, 1, 4), var(3, 4));
    GradCheck.check(in -> in[0].mul(in[1]), TOL, var(5), var(5));
    GradCheck.check(in -> in[0].mul(2.5).neg(), TOL, var(3));
    var r = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3).add(Tensor.of(new double[] {10, 20, 30}, 3));
    assertArrayEquals(new double[] {11, 22, 33, 14, 25, 36}, r.data());
    assertThrows(AutogradException.class, () -> var(2, 3).add(var(2)));
  }

  @Test
  void unaryFunctions() {
    GradCheck.check(in -> in[0].exp(), TOL, var(7));
    GradCheck.check(in -> in[0].log(), TOL, positive(7));
    GradCheck.check(in -> in[0].tanh(), TOL, var(7));
    GradCheck.check(in -> in[0].sigmoid(), TOL, var(7));
    GradCheck.check(in -> in[0].silu(), TOL, var(7));
    var sp = Tensor.variable(new double[] {-3, -0.5, 0, 0.7, 19, 25}, 6);
    GradCheck.check(in -> in[0].softplus(), TOL, sp);
    assertEquals(Math.log(2), Tensor.of(new double[] {0}, 1).softplus().item(), 1e-15);
    assertEquals(0.5 * (1 / (1 + Math.exp(-0.5))), Tensor.of(new double[] {0.5}, 1).silu().item(), 1e-15);
  }

  @Test
  void reductionsAndShapes() {
    GradCheck.check(in -> in[0].sum(), TOL, var(2, 3));
    GradCheck.check(in -> in[0].mean(), TOL, var(2, 3));
    GradCheck.check(in -> Ops.meanDim(in[0], 1), TOL, var(2, 3, 4));
    GradCheck.check(in -> Ops.select(in[0], 1, 2), TOL, var(2, 3, 4));
    GradCheck.check(in -> in[0].reshape(6, 4).exp(), TOL, var(2, 3, 4));
    GradCheck.check(in -> in[0].slice(1, 3), TOL, var(2, 3, 4));
    GradCheck.check(in -> Ops.concatLast(in[0], in[1]).tanh(), TOL, var(2, 3), var(2, 5));
    assertArrayEquals(new double[] {2, 5}, Ops.meanDim(Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3), 1).data());
  }

  @Test
  void products() {
    GradCheck.check(in -> in[0].matmul(in[1]), TOL, var(2, 3, 4), var(4, 5));
    GradCheck.check(in -> Ops.linear(in[0], in[1], in[2]), TOL, var(2, 3, 4), var(5, 4), var(5));
    GradCheck.check(in -> Ops.linear(in[0], in[1], null), TOL, var(3, 4), var(6, 4));
    var m = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2).matmul(Tensor.of(new double[] {5, 6, 7, 8}, 2, 2));
    assertArrayEquals(new double[] {19, 22, 43, 50}, m.data());
  }

  @Test
  void bigMatmulMatchesNaiveProduct() {
    // large enough for the blocked, multi-threaded path, with ragged edges on every block (k > DEPTH)
    int mm = 67, k = 131, n = 301;
    var a = var(mm, k);
    var b = var(k, n);
    var c = a.matmul(b);
    for (int i = 0; i < mm; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int p = 0; p < k; p++) {
          s += a.data()[i * k + p] * b.data()[p * n + j];
        }
        assertEquals(s, c.data()[i * n + j], 1e-12);
      }
    }
    // the same product with A given as its transpose, accumulated onto ones
    var at = Gemm.transpose(a.data(), mm, k);
    var acc = new double[mm * n];
    java.util.Arrays.fill(acc, 1);
    Gemm.tn(mm, n, k, at, b.data(), acc);
    for (int i = 0; i < mm * n; i++) {
      assertEquals(1 + c.data()[i], acc[i], 1e-12);
    }
  }

  @Test
  void layers() {
    GradCheck.check(in -> Ops.conv1dCausal(in[0], in[1], in[2]), TOL, var(2, 6, 3), var(3, 1, 4), var(3));
    GradCheck.check(in -> Ops.rmsNorm(in[0], in[1], 1e-5), TOL, var(2, 3, 5), var(5));
    var table = var(4, 3);
    GradCheck.check(in -> Ops.embedding(in[0], new int[] {3, 0, 3, 1}, 2, 2), TOL, table);
    GradCheck.check(in -> Ops.crossEntropy(in[0], new int[] {2, 0, 1}), TOL, var(3, 4));
    GradCheck.check(in -> Ops.mse(in[0], in[1]), TOL, var(3, 2), var(3, 2));
    // conv: first output sees only the last tap
    var y = Ops.conv1dCausal(Tensor.of(new double[] {1, 2}, 1, 2, 1), Tensor.of(new double[] {10, 100}, 1, 1, 2),
        Tensor.of(new double[] {0.5}, 1));
    assertArrayEquals(new double[] {100.5, 10 + 200 + 0.5}, y.data());
    // cross-entropy of uniform logits is log(C)
    assertEquals(Math.log(4), Ops.crossEntropy(Tensor.zeros(2, 4), new int[] {1, 3}).item(), 1e-15);
  }

  @Test
  void selectiveScan() {
    // 70 channels: two channel blocks, so the cross-block reductions are exercised
    int b = 2, l = 5, d = 70, n = 3;
    var a = var(d, n);
    for (int i = 0; i < a.size(); i++) {
      a.data()[i] = -0.3 - Math.abs(a.data()[i]);
    }
    var delta = positive(b, l, d);
    GradCheck.check(in -> Ops.selectiveScan(in[0], in[1], in[2], in[3], in[4], in[5]), TOL,
        var(b, l, d), delta, a, var(b, l, n), var(b, l, n), var(d));
  }

  @Test
  void selectiveScanOverSeveralChunks() {
    // 37 steps: the backward recomputes two full chunks of states and a ragged one
    int b = 2, l = 37, d = 3, n = 2;
    var a = var(d, n);
    for (int i = 0; i < a.size(); i++) {
      a.data()[i] = -0.3 - Math.abs(a.data()[i]);
    }
    var delta = positive(b, l, d);
    for (int i = 0; i < delta.size(); i++) {
      delta.data()[i] *= 0.2;
    }
    GradCheck.check(in -> Ops.selectiveScan(in[0], in[1], in[2], in[3], in[4], in[5]), TOL,
        var(b, l, d), delta, a, var(b, l, n), var(b, l, n), var(d));
    GradCheck.check(in -> SelectiveScan.apply(in[0], in[1], in[2], in[3], in[4], in[5], 0), TOL,
        var(b, l, d), delta, a, var(b, l, n), var(b, l, n), var(d));
  }

  @Test
  void selectiveScanRecomputingDecaysGivesTheSameBits() {
    int b = 2, l = 37, d = 70, n = 3;
    var ins = new Tensor[][] {{var(b, l, d), positive(b, l, d), var(d, n), var(b, l, n), var(b, l, n), var(d)}, null};
    ins[1] = new Tensor[6];
    for (int i = 0; i < 6; i++) {
      ins[1][i] = Tensor.variable(ins[0][i].data().clone(), ins[0][i].shape());
    }
    var seed = var(b, l, d).data();
    var kept = SelectiveScan.apply(ins[0][0], ins[0][1], ins[0][2], ins[0][3], ins[0][4], ins[0][5], Long.MAX_VALUE);
    var recomputed = SelectiveScan.apply(ins[1][0], ins[1][1], ins[1][2], ins[1][3], ins[1][4], ins[1][5], 0);
    assertArrayEquals(kept.data(), recomputed.data());
    kept.backward(seed);
    recomputed.backward(seed);
    for (int i = 0; i < 6; i++) {
      assertArrayEquals(ins[0][i].grad(), ins[1][i].grad(), "input " + i);
    }
    // kept decays go back to the spare pool after a backward; a second one recomputes them, and a
    // new forward that reuses them overwrites every entry
    var other = SelectiveScan.apply(ins[1][0], ins[1][1], ins[1][2], ins[1][3], ins[1][4], ins[1][5], Long.MAX_VALUE);
    kept.backward(seed);
    recomputed.backward(seed);
    for (int i = 0; i < 6; i++) {
      assertArrayEquals(ins[0][i].grad(), ins[1][i].grad(), "input " + i + " after a second backward");
    }
    assertArrayEquals(kept.data(), other.data());
  }

  @Test
  void selectiveScanMatchesTheRecurrence() {
    // several chunks, two channel blocks and a partial one, against the textbook loop
    int b = 2, l = 50, d = 70, n = 3;
    var u = var(b, l, d);
    var delta = positive(b, l, d);
    var a = var(d, n);
    var bm = var(b, l, n);
    var cm = var(b, l, n);
    var dd = var(d);
    var y = Ops.selectiveScan(u, delta, a, bm, cm, dd).data();
    for (int bi = 0; bi < b; bi++) {
      for (int c = 0; c < d; c++) {
        var s = new double[n];
        for (int t = 0; t < l; t++) {
          int row = (bi * l + t) * d, bn = (bi * l + t) * n;
          double acc = 0, dt = delta.data()[row + c];
          for (int j = 0; j < n; j++) {
            s[j] = Math.exp(dt * a.data()[c * n + j]) * s[j] + dt * bm.data()[bn + j] * u.data()[row + c];
            acc += s[j] * cm.data()[bn + j];
          }
          double want = acc + dd.data()[c] * u.data()[row + c];
          assertEquals(want, y[row + c], 1e-12 * Math.max(1, Math.abs(want)));
        }
      }
    }
  }

  @Test
  void customOpBringsItsOwnBackward() {
    // f(x) = x^3 with a hand-written backward, composed with built-in ops on both sides
    GradCheck.check(in -> {
      var x = in[0].tanh();
      var out = new double[x.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = Math.pow(x.data()[i], 3);
      }
      return Tensor.custom(out, x.shape(), (g, gi) -> {
        for (int i = 0; i < g.length; i++) {
          gi[0][i] += g[i] * 3 * x.data()[i] * x.data()[i];
        }
      }, x).exp();
    }, TOL, var(4));
  }

  @Test
  void sharedInputsAccumulate() {
    var x = Tensor.variable(new double[] {3}, 1);
    x.mul(x).add(x).sum().backward();
    assertArrayEquals(new double[] {7}, x.grad());
  }
}
