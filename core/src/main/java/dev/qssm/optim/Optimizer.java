package dev.qssm.optim;

import dev.qssm.autograd.AutogradException;
import dev.qssm.autograd.Tensor;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Updates parameters in place from their gradients. Learning rates are each group's rate times
 * {@link #setLrFactor the schedule's factor}. {@link #state()} and {@link #loadState} move the
 * internal state (step count, moments) in and out of a checkpoint.
 */
public abstract class Optimizer {
  protected final List<ParamGroup> groups;
  protected long step;
  private double lrFactor = 1;

  protected Optimizer(List<ParamGroup> groups) {
    var seen = new HashSet<String>();
    for (var g : groups) {
      for (var name : g.params().keySet()) {
        if (!seen.add(name)) {
          throw new AutogradException("parameter " + name + " is in more than one group");
        }
      }
    }
    this.groups = List.copyOf(groups);
  }

  /** One update from the current gradients (parameters without a gradient are left alone). */
  public final void step() {
    step++;
    for (var g : groups) {
      double lr = g.lr() * lrFactor;
      g.params().forEach((name, p) -> {
        if (p.grad() != null) {
          update(name, p, lr, g.weightDecay());
        }
      });
    }
  }

  protected abstract void update(String name, Tensor p, double lr, double weightDecay);

  public final void zeroGrad() {
    groups.forEach(g -> g.params().values().forEach(Tensor::zeroGrad));
  }

  public final void setLrFactor(double factor) {
    this.lrFactor = factor;
  }

  public final long steps() {
    return step;
  }

  public List<ParamGroup> groups() {
    return groups;
  }

  /** The state to checkpoint, by name; "step" holds the step count. */
  public Map<String, double[]> state() {
    var s = new LinkedHashMap<String, double[]>();
    s.put("step", new double[] {step});
    buffers().forEach((k, v) -> s.put(k, v.clone()));
    return s;
  }

  public void loadState(Map<String, double[]> state) {
    var st = state.get("step");
    if (st == null) {
      throw new AutogradException("optimizer state has no 'step'");
    }
    step = (long) st[0];
    buffers().clear();
    state.forEach((k, v) -> {
      if (!k.equals("step")) {
        buffers().put(k, v.clone());
      }
    });
  }

  protected abstract Map<String, double[]> buffers();
}
