package dev.qssm.cli;

import dev.qssm.simulator.bench.NoisyBench;
import dev.qssm.simulator.bench.SimulatorBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "bench", description = "Runs a benchmark and prints a Markdown table.")
final class BenchCommand implements Runnable {
  @ParentCommand Main main;
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing benchmark: choose simulator or noisy");
  }

  @Command(name = "simulator", description = "Times the built-in simulator on growing circuits.")
  int simulator(@Option(names = "--quick", description = "small sizes only, for a smoke run") boolean quick) {
    main.out().flush();
    SimulatorBench.run(main.context().out(), quick);
    main.context().out().flush();
    return 0;
  }

  @Command(name = "noisy", description = "Times the noisy simulator: shots/s and density-matrix gate cost.")
  int noisy(@Option(names = "--quick", description = "small sizes only, for a smoke run") boolean quick) {
    main.out().flush();
    NoisyBench.run(main.context().out(), quick);
    main.context().out().flush();
    return 0;
  }
}
