package dev.qssm.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;

/**
 * A dense row-major tensor of doubles that remembers how it was computed, so {@link #backward()}
 * can fill in the gradient of every tensor that {@link #requiresGrad() requires} one.
 *
 * <p>The graph is the tape: each result holds its inputs and a {@link Function} that maps the
 * output gradient to input gradients; {@code backward} replays it in reverse topological order.
 * Intermediate gradients are released once used unless {@link #retainGrad()} was called.
 */
public final class Tensor {
  final double[] data;
  final int[] shape;
  double[] grad;
  private final boolean requiresGrad;
  private boolean retainGrad;
  final Tensor[] inputs;
  final Function backward;

  Tensor(double[] data, int[] shape, boolean requiresGrad, Tensor[] inputs, Function backward) {
    if (data.length != size(shape)) {
      throw new AutogradException("data has " + data.length + " values but shape "
          + Arrays.toString(shape) + " needs " + size(shape));
    }
    this.data = data;
    this.shape = shape;
    this.requiresGrad = requiresGrad;
    this.inputs = inputs;
    this.backward = backward;
  }

  /** A constant (no gradient) holding {@code data} (not copied) with {@code shape}. */
  public static Tensor of(double[] data, int... shape) {
    return new Tensor(data, shape.clone(), false, null, null);
  }

  /** A leaf that collects a gradient: a trainable parameter or an input whose gradient you want. */
  public static Tensor variable(double[] data, int... shape) {
    return new Tensor(data, shape.clone(), true, null, null);
  }

  public static Tensor zeros(int... shape) {
    return of(new double[size(shape)], shape);
  }

  public static Tensor scalar(double v) {
    return of(new double[] {v});
  }

  /**
   * A custom op: {@code output} (computed by the caller from the inputs' {@link #data()}) with
   * {@code shape}, whose gradient {@code backward} maps onto {@code inputs}.
   */
  public static Tensor custom(double[] output, int[] shape, Function backward, Tensor... inputs) {
    return make(output, shape.clone(), backward, inputs);
  }

  static Tensor make(double[] data, int[] shape, Function backward, Tensor... inputs) {
    boolean any = false;
    for (var t : inputs) {
      any |= t.requiresGrad;
    }
    return any ? new Tensor(data, shape, true, inputs, backward) : new Tensor(data, shape, false, null, null);
  }

  static int size(int[] shape) {
    int n = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new AutogradException("negative dimension in shape " + Arrays.toString(shape));
      }
      n *= d;
    }
    return n;
  }

  /** The values, row-major; the live array (writes change the tensor). */
  public double[] data() {
    return data;
  }

  /** The accumulated gradient (same layout as {@link #data()}), or null before any backward. */
  public double[] grad() {
    return grad;
  }

  public int[] shape() {
    return shape.clone();
  }

  public int dim(int i) {
    return shape[i < 0 ? shape.length + i : i];
  }

  public int rank() {
    return shape.length;
  }

  public int size() {
    return data.length;
  }

  public double item() {
    if (data.length != 1) {
      throw new AutogradException("item() needs one value, tensor has shape " + Arrays.toString(shape));
    }
    return data[0];
  }

  public boolean requiresGrad() {
    return requiresGrad;
  }

  /** Keep this intermediate tensor's gradient after {@link #backward()} (leaves always keep it). */
  public Tensor retainGrad() {
    retainGrad = true;
    return this;
  }

  public void zeroGrad() {
    grad = null;
  }

  /** This tensor's values as a constant, cut from the graph. */
  public Tensor detach() {
    return of(data, shape);
  }

  double[] gradBuffer() {
    if (grad == null) {
      grad = new double[data.length];
    }
    return grad;
  }

  /** Back-propagates from this scalar (seed 1). */
  public void backward() {
    if (data.length != 1) {
      throw new AutogradException("backward() without a seed needs a scalar, got shape " + Arrays.toString(shape));
    }
    backward(new double[] {1.0});
  }

  /** Back-propagates {@code seed} (dLoss/dThis) through the graph that produced this tensor. */
  public void backward(double[] seed) {
    if (!requiresGrad) {
      throw new AutogradException("backward() on a tensor that does not depend on any variable");
    }
    if (seed.length != data.length) {
      throw new AutogradException("seed has " + seed.length + " values, tensor has " + data.length);
    }
    var g = gradBuffer();
    for (int i = 0; i < g.length; i++) {
      g[i] += seed[i];
    }
    for (var t : topoOrder()) {
      if (t.backward == null || t.grad == null) {
        continue;
      }
      var gi = new double[t.inputs.length][];
      for (int i = 0; i < gi.length; i++) {
        gi[i] = t.inputs[i].requiresGrad ? t.inputs[i].gradBuffer() : null;
      }
      t.backward.backward(t.grad, gi);
      if (!t.retainGrad && t != this) {
        t.grad = null; // intermediate: no one reads it again
      }
    }
  }

  // results before their inputs, iteratively (deep graphs must not overflow the stack)
  private List<Tensor> topoOrder() {
    var post = new ArrayList<Tensor>();
    var seen = new IdentityHashMap<Tensor, Boolean>();
    var stack = new ArrayDeque<Object[]>();
    stack.push(new Object[] {this, 0});
    seen.put(this, true);
    while (!stack.isEmpty()) {
      var top = stack.peek();
      var t = (Tensor) top[0];
      int i = (Integer) top[1];
      if (t.inputs != null && i < t.inputs.length) {
        top[1] = i + 1;
        var in = t.inputs[i];
        if (in.requiresGrad && seen.put(in, true) == null) {
          stack.push(new Object[] {in, 0});
        }
      } else {
        stack.pop();
        post.add(t);
      }
    }
    var order = new ArrayList<Tensor>(post.size());
    for (int i = post.size() - 1; i >= 0; i--) {
      order.add(post.get(i));
    }
    return order;
  }

  // ---- convenience forms of the ops in Ops ----
  public Tensor add(Tensor o) { return Ops.add(this, o); }
  public Tensor sub(Tensor o) { return Ops.sub(this, o); }
  public Tensor mul(Tensor o) { return Ops.mul(this, o); }
  public Tensor mul(double c) { return Ops.scale(this, c); }
  public Tensor neg() { return Ops.scale(this, -1); }
  public Tensor exp() { return Ops.exp(this); }
  public Tensor log() { return Ops.log(this); }
  public Tensor sigmoid() { return Ops.sigmoid(this); }
  public Tensor tanh() { return Ops.tanh(this); }
  public Tensor silu() { return Ops.silu(this); }
  public Tensor softplus() { return Ops.softplus(this); }
  public Tensor sum() { return Ops.sum(this); }
  public Tensor mean() { return Ops.mean(this); }
  public Tensor matmul(Tensor o) { return Ops.matmul(this, o); }
  public Tensor reshape(int... s) { return Ops.reshape(this, s); }
  public Tensor slice(int from, int to) { return Ops.sliceLast(this, from, to); }

  @Override
  public String toString() {
    return "Tensor" + Arrays.toString(shape) + (requiresGrad ? " (grad)" : "");
  }
}
