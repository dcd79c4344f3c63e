package dev.qssm.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Ops big enough to be cut into parallel pieces give the same values and gradients as the same ops
 * run one batch item at a time (one piece each), and the same bits on every run.
 */
class ParallelOpsTest {
  static final int B = 24, L = 50, C = 40;
  final Random rng = new Random(5);

  double[] random(int n) {
    var v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = rng.nextGaussian();
    }
    return v;
  }

  // f maps (x [b, L, C], shared parameters...) to [b, L, C']
  void agrees(Function<Tensor[], Tensor> f, double[]... params) {
    var x = random(B * L * C);
    var bigIn = inputs(x, B, params);
    var big = f.apply(bigIn);
    assertTrue(Parallel.pieces(B * L, C) > 1, "the test must exercise the parallel path");
    int per = big.size() / B;
    var seed = random(big.size());
    big.backward(seed);
    var paramGrads = new double[params.length][];
    for (int i = 0; i < params.length; i++) {
      paramGrads[i] = new double[params[i].length];
    }
    for (int b = 0; b < B; b++) {
      var one = inputs(Arrays.copyOfRange(x, b * L * C, (b + 1) * L * C), 1, params);
      var y = f.apply(one);
      assertArrayEquals(Arrays.copyOfRange(big.data(), b * per, (b + 1) * per), y.data(), 1e-13);
      y.backward(Arrays.copyOfRange(seed, b * per, (b + 1) * per));
      assertArrayEquals(Arrays.copyOfRange(bigIn[0].grad(), b * L * C, (b + 1) * L * C), one[0].grad(), 1e-12);
      for (int i = 0; i < params.length; i++) {
        for (int j = 0; j < params[i].length; j++) {
          paramGrads[i][j] += one[i + 1].grad()[j];
        }
      }
    }
    for (int i = 0; i < params.length; i++) {
      assertArrayEquals(paramGrads[i], bigIn[i + 1].grad(), 1e-10);
    }
    // same bits again
    var again = inputs(x, B, params);
    var y2 = f.apply(again);
    y2.backward(seed);
    assertArrayEquals(big.data(), y2.data());
    for (int i = 0; i < again.length; i++) {
      assertArrayEquals(bigIn[i].grad(), again[i].grad());
    }
  }

  Tensor[] inputs(double[] x, int b, double[]... params) {
    var in = new Tensor[params.length + 1];
    in[0] = Tensor.variable(x.clone(), b, L, C);
    for (int i = 0; i < params.length; i++) {
      in[i + 1] = Tensor.variable(params[i].clone(), i == 0 && params[0].length == C * 4 ? new int[] {C, 1, 4}
          : new int[] {params[i].length});
    }
    return in;
  }

  @Test
  void convolution() {
    agrees(in -> Ops.conv1dCausal(in[0], in[1], in[2]), random(C * 4), random(C));
  }

  @Test
  void rmsNorm() {
    agrees(in -> Ops.rmsNorm(in[0], in[1], 1e-5), random(C));
  }

  @Test
  void linearWithBias() {
    int out = 30;
    var w = random(out * C);
    agrees(in -> Ops.linear(in[0], in[1].reshape(out, C), in[2]), w, random(out));
  }

  @Test
  void elementwise() {
    agrees(in -> {
      var x = in[0];
      var a = x.silu().mul(x.softplus()).sub(x.sigmoid().mul(0.5));
      var s = a.slice(3, 40).tanh().exp().add(x.slice(0, 37)).reshape(x.dim(0), L * 37).reshape(x.dim(0), L, 37);
      return s.mul(x.slice(1, 38)).neg();
    });
  }

  @Test
  void weightGradientWithoutTranspose() {
    // g^T x read in place: against the sum of outer products
    int m = 300, k = 7, n = 5;
    var x = Tensor.variable(random(m * k), m, k);
    var w = Tensor.variable(random(n * k), n, k);
    var seed = random(m * n);
    Ops.linear(x, w, null).backward(seed);
    for (int j = 0; j < n; j++) {
      for (int p = 0; p < k; p++) {
        double s = 0;
        for (int i = 0; i < m; i++) {
          s += seed[i * n + j] * x.data()[i * k + p];
        }
        assertEquals(s, w.grad()[j * k + p], 1e-12);
      }
    }
  }
}
