package dev.qssm.optim;

import dev.qssm.autograd.AutogradException;
import dev.qssm.autograd.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Parameters (by name) sharing a learning rate and weight decay. */
public record ParamGroup(Map<String, Tensor> params, double lr, double weightDecay) {
  public ParamGroup {
    if (!(lr >= 0) || !(weightDecay >= 0)) {
      throw new AutogradException("learning rate and weight decay must be >= 0, got " + lr + ", " + weightDecay);
    }
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
  }
}
