package dev.qssm.backend;

import dev.qssm.gradient.ParameterShift;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Somewhere circuits run: a simulator, a library, a device. Implementations are created by a
 * {@link BackendProvider}; models only ever see this interface.
 */
public interface Backend extends AutoCloseable {

  /** The provider name this backend was created under ("exact", "noisy", ...). */
  String name();

  Capabilities capabilities();

  /** Runs every task and returns one result per task, in order. Blocks until done. */
  List<TaskResult> run(List<Task> tasks);

  default TaskResult run(Task task) {
    return run(List.of(task)).get(0);
  }

  /** Runs asynchronously; hardware backends override this to return a job handle's future. */
  default CompletableFuture<List<TaskResult>> submit(List<Task> tasks) {
    return CompletableFuture.supplyAsync(() -> run(tasks));
  }

  /**
   * Vector-Jacobian products: for each task, given {@code cotangents[row][k]} = dL/d(value k of
   * row), returns {@code [row][p]} = dL/d(binding value p of row), for weights and inputs alike.
   * Summing weight columns over rows is the caller's business.
   *
   * <p>The default applies the parameter-shift rule with all shifted circuits in a single {@link
   * #run} call; backends with native gradients ({@link Capabilities#vjp()}) override it.
   */
  default List<double[][]> vjp(List<Task> tasks, List<double[][]> cotangents) {
    return ParameterShift.vjp(this, tasks, cotangents);
  }

  /**
   * Like {@link #vjp}, for callers that only need weight gradients summed over rows (a layer's
   * backward pass): input columns are per row as in {@code vjp}, and each weight column holds its
   * sum over all rows in row 0 and zero in the other rows, so column sums equal those of {@code
   * vjp}. Backends that can form the sum without per-row work (the exact backend's matrix-product
   * path) override it.
   */
  default List<double[][]> vjpSummingWeights(List<Task> tasks, List<double[][]> cotangents) {
    var grads = vjp(tasks, cotangents);
    for (int t = 0; t < tasks.size(); t++) {
      var params = tasks.get(t).circuit().parameters();
      var g = grads.get(t);
      for (int c = 0; c < params.size(); c++) {
        if (params.get(c).isWeight()) {
          double sum = 0;
          for (var row : g) {
            sum += row[c];
            row[c] = 0;
          }
          g[0][c] = sum;
        }
      }
    }
    return grads;
  }

  @Override
  default void close() {}
}
