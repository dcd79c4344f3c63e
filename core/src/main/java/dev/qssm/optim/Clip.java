package dev.qssm.optim;

import dev.qssm.autograd.Tensor;
import java.util.Collection;

/** Gradient clipping. */
public final class Clip {
  private Clip() {}

  /**
   * Scales all gradients so their joint L2 norm is at most {@code maxNorm} (torch's
   * clip_grad_norm_, factor maxNorm / (norm + 1e-6)); returns the norm before clipping.
   */
  public static double gradNorm(Collection<Tensor> params, double maxNorm) {
    double ss = 0;
    for (var p : params) {
      if (p.grad() != null) {
        for (double g : p.grad()) {
          ss += g * g;
        }
      }
    }
    double norm = Math.sqrt(ss);
    double f = maxNorm / (norm + 1e-6);
    if (f < 1) {
      for (var p : params) {
        if (p.grad() != null) {
          var g = p.grad();
          for (int i = 0; i < g.length; i++) {
            g[i] *= f;
          }
        }
      }
    }
    return norm;
  }
}
