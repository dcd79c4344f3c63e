package dev.qssm.testkit;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import dev.qssm.autograd.Tensor;
import java.util.Random;
import java.util.function.Function;

/**
 * Checks an autograd op's backward against central finite differences: the scalar
 * {@code sum(w * f(inputs))} with fixed random weights {@code w} is differentiated both ways for
 * every element of every input that requires a gradient.
 */
public final class GradCheck {
  private GradCheck() {}

  public static void check(Function<Tensor[], Tensor> f, double tol, Tensor... inputs) {
    var out = f.apply(inputs);
    var w = new double[out.size()];
    var rng = new Random(7);
    for (int i = 0; i < w.length; i++) {
      w[i] = rng.nextDouble() * 2 - 1;
    }
    for (var t : inputs) {
      t.zeroGrad();
    }
    f.apply(inputs).backward(w);
    double h = 1e-6;
    for (int k = 0; k < inputs.length; k++) {
      var t = inputs[k];
      if (!t.requiresGrad()) {
        continue;
      }
      assertNotNull(t.grad(), "input " + k + " got no gradient");
      var analytic = t.grad().clone();
      for (int i = 0; i < t.size(); i++) {
        double keep = t.data()[i];
        t.data()[i] = keep + h;
        double plus = dot(w, f.apply(inputs).data());
        t.data()[i] = keep - h;
        double minus = dot(w, f.apply(inputs).data());
        t.data()[i] = keep;
        double numeric = (plus - minus) / (2 * h);
        double err = Math.abs(numeric - analytic[i]) / Math.max(1, Math.abs(numeric));
        if (err > tol) {
          fail("input " + k + " element " + i + ": backward gives " + analytic[i] + ", finite differences "
              + numeric + " (error " + err + ")");
        }
      }
    }
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
