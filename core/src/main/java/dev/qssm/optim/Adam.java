package dev.qssm.optim;

import dev.qssm.autograd.AutogradException;
import dev.qssm.autograd.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam (weight decay added to the gradient, as torch.optim.Adam) or AdamW (decoupled decay, as
 * torch.optim.AdamW); same arithmetic order as PyTorch's single-tensor path.
 */
public final class Adam extends Optimizer {
  private final double beta1;
  private final double beta2;
  private final double eps;
  private final boolean decoupled;
  private final Map<String, double[]> buffers = new LinkedHashMap<>();

  private Adam(List<ParamGroup> groups, double beta1, double beta2, double eps, boolean decoupled) {
    super(groups);
    if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1 && eps >= 0)) {
      throw new AutogradException("Adam needs 0 <= betas < 1 and eps >= 0, got " + beta1 + ", " + beta2 + ", " + eps);
    }
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.decoupled = decoupled;
  }

  public static Adam adam(List<ParamGroup> groups, double beta1, double beta2, double eps) {
    return new Adam(groups, beta1, beta2, eps, false);
  }

  public static Adam adamW(List<ParamGroup> groups, double beta1, double beta2, double eps) {
    return new Adam(groups, beta1, beta2, eps, true);
  }

  @Override
  protected void update(String name, Tensor p, double lr, double wd) {
    double[] w = p.data(), g = p.grad();
    double[] m = buffers.computeIfAbsent(name + ".exp_avg", k -> new double[w.length]);
    double[] v = buffers.computeIfAbsent(name + ".exp_avg_sq", k -> new double[w.length]);
    if (decoupled && wd != 0) {
      double f = 1 - lr * wd;
      for (int i = 0; i < w.length; i++) {
        w[i] *= f;
      }
    }
    double bc1 = 1 - Math.pow(beta1, step);
    double bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, step));
    double stepSize = lr / bc1;
    for (int i = 0; i < w.length; i++) {
      double gi = !decoupled && wd != 0 ? g[i] + wd * w[i] : g[i];
      m[i] = m[i] * beta1 + (1 - beta1) * gi;
      v[i] = v[i] * beta2 + (1 - beta2) * gi * gi;
      double denom = Math.sqrt(v[i]) / bc2Sqrt + eps;
      w[i] += -stepSize * (m[i] / denom);
    }
  }

  @Override
  protected Map<String, double[]> buffers() {
    return buffers;
  }
}
