package dev.qssm.models.mamba;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qssm.autograd.Ops;
import dev.qssm.autograd.Tensor;
import dev.qssm.models.hqc.HqcMamba;
import dev.qssm.optim.Adam;
import dev.qssm.optim.Clip;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The model, groups and AdamW together fit a small task: is the bright pixel in the first or second half? */
class LearnsTest {
  @Test
  void fitsASmallSequenceTask() {
    int n = 32, len = 12;
    var rng = new SplittableRandom(9);
    var x = new double[n * len];
    var y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % 2;
      int pos = rng.nextInt(len / 2) + y[i] * len / 2;
      x[i * len + pos] = 1;
    }
    var input = Tensor.of(x, n, len, 1);
    var mamba = HqcMamba.classical(new MambaConfig(8, 1, 2, 4, 4, 0, 1, 2, "mean", true), new SplittableRandom(1));
    var model = mamba.module();
    var opt = Adam.adamW(mamba.groups(1e-2, 0.01), 0.9, 0.999, 1e-8);
    double first = 0, last = 0;
    for (int step = 0; step < 150; step++) {
      var loss = Ops.crossEntropy(model.forward(input), y);
      loss.backward();
      Clip.gradNorm(model.parameters().values(), 1.0);
      opt.step();
      opt.zeroGrad();
      if (step == 0) {
        first = loss.item();
      }
      last = loss.item();
    }
    double f = first, l = last;
    assertTrue(last < 0.1 * first, () -> "loss went from " + f + " to " + l);
  }
}
