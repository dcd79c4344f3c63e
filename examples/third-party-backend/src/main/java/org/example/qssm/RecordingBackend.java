package org.example.qssm;

import com.google.gson.JsonObject;
import dev.qssm.backend.Backend;
import dev.qssm.backend.BackendException;
import dev.qssm.backend.Capabilities;
import dev.qssm.backend.Gradient;
import dev.qssm.backend.ResultMetadata;
import dev.qssm.backend.Task;
import dev.qssm.backend.TaskResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A backend that keeps a record of every task it is given and hands the work to another backend.
 * Useful to see what a model really sends: how many circuits, how many binding rows, which shots.
 */
public final class RecordingBackend implements Backend {
  private final Backend inner;
  private final Path log;
  private final List<Task> recorded = Collections.synchronizedList(new ArrayList<>());

  /** Wraps {@code inner}; with a {@code log} file, appends one JSON line per task to it. */
  public RecordingBackend(Backend inner, Path log) {
    this.inner = inner;
    this.log = log;
  }

  /** Every task run so far, gradient tasks included, in the order they arrived. */
  public List<Task> recorded() {
    synchronized (recorded) {
      return List.copyOf(recorded);
    }
  }

  @Override
  public String name() {
    return RecordingBackendProvider.NAME;
  }

  @Override
  public Capabilities capabilities() {
    return inner.capabilities();
  }

  @Override
  public List<TaskResult> run(List<Task> tasks) {
    record("run", tasks);
    var results = inner.run(tasks);
    // results say which backend made them: this one (the kit checks it)
    var renamed = new ArrayList<TaskResult>(results.size());
    for (var r : results) {
      renamed.add(rename(r));
    }
    return renamed;
  }

  @Override
  public List<Gradient> vjp(List<Task> tasks, List<double[][]> cotangents) {
    record("vjp", tasks);
    // the wrapped backend's own gradient method: adjoint on exact, parameter shift elsewhere
    return inner.vjp(tasks, cotangents);
  }

  @Override
  public void close() {
    inner.close();
  }

  private TaskResult rename(TaskResult r) {
    var m = r.metadata();
    if (m == null) {
      return r;
    }
    var meta = new ResultMetadata(name(), m.shots(), m.seed(), m.elapsed(), m.extra());
    return new TaskResult(r.values(), r.standardErrors(), meta);
  }

  private void record(String call, List<Task> tasks) {
    recorded.addAll(tasks);
    if (log == null) {
      return;
    }
    var lines = new StringBuilder();
    for (var t : tasks) {
      lines.append(describe(call, t)).append('\n');
    }
    try {
      Files.writeString(log, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new BackendException("recording: cannot append to log file " + log + ": " + e.getMessage(), e);
    }
  }

  private static String describe(String call, Task t) {
    var o = new JsonObject();
    o.addProperty("call", call);
    o.addProperty("qubits", t.circuit().numQubits());
    o.addProperty("instructions", t.circuit().instructions().size());
    o.addProperty("parameters", t.circuit().parameters().size());
    o.addProperty("rows", t.rows());
    var kind = t.readout().getClass().getSimpleName(); // Probabilities, Expectations, ...
    o.addProperty("readout", Character.toLowerCase(kind.charAt(0)) + kind.substring(1));
    o.addProperty("shots", t.shots());
    t.seed().ifPresent(s -> o.addProperty("seed", s));
    return o.toString();
  }
}
