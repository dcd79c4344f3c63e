package dev.qssm.cli;

import dev.qssm.backend.Backend;
import dev.qssm.backend.Capabilities;
import dev.qssm.backend.Gradient;
import dev.qssm.backend.Task;
import dev.qssm.backend.TaskResult;
import java.util.List;

/**
 * A dry run of a whole model: a dry-running backend writes every job it would send (and returns
 * NaN), while a simulator supplies the values the model goes on with, so the dry run reaches
 * every layer instead of stopping at the first NaN.
 */
final class DryRunTee implements Backend {
  private final Backend dryRun;
  private final Backend values;

  DryRunTee(Backend dryRun, Backend values) {
    this.dryRun = dryRun;
    this.values = values;
  }

  @Override
  public String name() {
    return dryRun.name() + " (dry run; values from " + values.name() + ")";
  }

  @Override
  public Capabilities capabilities() {
    return dryRun.capabilities();
  }

  @Override
  public List<TaskResult> run(List<Task> tasks) {
    dryRun.run(tasks);
    return values.run(tasks);
  }

  @Override
  public List<Gradient> vjp(List<Task> tasks, List<double[][]> cotangents) {
    return values.vjp(tasks, cotangents);
  }

  @Override
  public void close() {
    try {
      dryRun.close();
    } finally {
      values.close();
    }
  }
}
