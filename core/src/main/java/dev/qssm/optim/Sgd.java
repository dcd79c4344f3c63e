package dev.qssm.optim;

import dev.qssm.autograd.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Stochastic gradient descent with optional momentum; weight decay added to the gradient (torch.optim.SGD). */
public final class Sgd extends Optimizer {
  private final double momentum;
  private final Map<String, double[]> buffers = new LinkedHashMap<>();

  public Sgd(List<ParamGroup> groups, double momentum) {
    super(groups);
    this.momentum = momentum;
  }

  @Override
  protected void update(String name, Tensor p, double lr, double wd) {
    double[] w = p.data(), g = p.grad();
    double[] buf = momentum != 0 ? buffers.get(name + ".momentum_buffer") : null;
    boolean first = momentum != 0 && buf == null;
    if (first) {
      buf = new double[w.length];
      buffers.put(name + ".momentum_buffer", buf);
    }
    for (int i = 0; i < w.length; i++) {
      double d = g[i] + wd * w[i];
      if (momentum != 0) {
        buf[i] = first ? d : momentum * buf[i] + d;
        d = buf[i];
      }
      w[i] -= lr * d;
    }
  }

  @Override
  protected Map<String, double[]> buffers() {
    return buffers;
  }
}
