package dev.qssm.backend;

import dev.qssm.gradient.ParameterShift;
import java.util.List;
import java.util.Optional;
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
   * Vector-Jacobian products: for each task, given {@code cotangents[row][k]} = dL/d(readout value
   * k of row), the {@link Gradient} of L with respect to the task's weights (summed over rows) and
   * inputs (per row). This is a layer's whole backward pass in one call.
   *
   * <p>The default applies the parameter-shift rule with all shifted circuits in a single {@link
   * #run} call; backends with native gradients ({@link Capabilities#vjp()}) override it, and must
   * not return exact gradients for tasks with shots.
   */
  default List<Gradient> vjp(List<Task> tasks, List<double[][]> cotangents) {
    return ParameterShift.vjp(this, tasks, cotangents);
  }

  /**
   * A simulation over {@code numQubits} qubits that keeps its state between calls, if this backend
   * can hold one (a simulator can; a device cannot pause or copy a state). Models whose next input
   * depends on the last output use it to stay linear in the sequence length (QMamba generating
   * text) and otherwise re-run the whole prefix. The default: none.
   */
  default Optional<Session> session(int numQubits) {
    return Optional.empty();
  }

  @Override
  default void close() {}
}
