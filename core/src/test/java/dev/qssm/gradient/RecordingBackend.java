package dev.qssm.gradient;

import dev.qssm.backend.Backend;
import dev.qssm.backend.Capabilities;
import dev.qssm.backend.Task;
import dev.qssm.backend.TaskResult;
import java.util.ArrayList;
import java.util.List;

/** Wraps a backend and records every {@link #run} call, so tests can count calls and inspect tasks. */
final class RecordingBackend implements Backend {
  private final Backend delegate;
  private final Capabilities capabilities;
  final List<List<Task>> calls = new ArrayList<>();

  RecordingBackend(Backend delegate) {
    this(delegate, delegate.capabilities());
  }

  RecordingBackend(Backend delegate, Capabilities capabilities) {
    this.delegate = delegate;
    this.capabilities = capabilities;
  }

  @Override
  public String name() {
    return "recording(" + delegate.name() + ")";
  }

  @Override
  public Capabilities capabilities() {
    return capabilities;
  }

  @Override
  public List<TaskResult> run(List<Task> tasks) {
    calls.add(List.copyOf(tasks));
    for (var t : tasks) {
      capabilities.check(t, name());
    }
    return delegate.run(tasks);
  }
}
