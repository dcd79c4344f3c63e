package dev.qssm.nn;

import dev.qssm.autograd.AutogradException;
import dev.qssm.autograd.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A layer with named parameters and named child layers. {@link #parameters()} lists every
 * parameter under its dotted path ({@code layers.0.mixer.in_proj.weight}), the PyTorch
 * {@code state_dict} names, in registration order.
 */
public abstract class Module {
  private final Map<String, Tensor> params = new LinkedHashMap<>();
  private final Map<String, Module> children = new LinkedHashMap<>();

  /** Maps an input to an output; the layer's job. */
  public abstract Tensor forward(Tensor x);

  protected final Tensor parameter(String name, Tensor value) {
    if (!value.requiresGrad()) {
      throw new AutogradException("parameter " + name + " must be a variable (Tensor.variable)");
    }
    params.put(name, value);
    return value;
  }

  protected final <M extends Module> M child(String name, M module) {
    children.put(name, module);
    return module;
  }

  /** Every parameter, recursively, by dotted name; live tensors (an optimizer updates them in place). */
  public final Map<String, Tensor> parameters() {
    var all = new LinkedHashMap<String, Tensor>();
    collect("", all);
    return Collections.unmodifiableMap(all);
  }

  private void collect(String prefix, Map<String, Tensor> into) {
    params.forEach((k, v) -> into.put(prefix + k, v));
    children.forEach((k, m) -> m.collect(prefix + k + ".", into));
  }

  public final void zeroGrad() {
    parameters().values().forEach(Tensor::zeroGrad);
  }

  /** Copies {@code values} into the parameters of the same names; every name must be present with its shape. */
  public final void load(Map<String, double[]> values) {
    parameters().forEach((name, t) -> {
      var v = values.get(name);
      if (v == null) {
        throw new AutogradException("no value for parameter " + name);
      }
      if (v.length != t.size()) {
        throw new AutogradException("parameter " + name + " has " + t.size() + " values, got " + v.length);
      }
      System.arraycopy(v, 0, t.data(), 0, v.length);
    });
  }
}
