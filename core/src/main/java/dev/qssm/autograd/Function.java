package dev.qssm.autograd;

/**
 * The backward half of a custom op: given the gradient of the loss with respect to the op's
 * output, add the gradient with respect to each input into {@code gradInputs[i]} (null when input
 * {@code i} needs no gradient). This is how a layer brings its own backward pass, e.g. a quantum
 * layer whose gradient comes from a backend's vjp. Create the op with {@link Tensor#custom}.
 */
@FunctionalInterface
public interface Function {
  void backward(double[] gradOutput, double[][] gradInputs);
}
