package dev.qssm.simulator.bench;

import java.io.PrintStream;

/** The {@code qssm bench simulator} measurements. */
public final class SimulatorBench {
  private SimulatorBench() {}

  /** Runs the benchmark and prints a Markdown table to {@code out}; {@code quick} trims sizes for a smoke run. */
  public static void run(PrintStream out, boolean quick) {
    throw new UnsupportedOperationException("not yet implemented");
  }
}
