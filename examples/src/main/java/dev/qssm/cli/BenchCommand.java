package dev.qssm.cli;

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
    throw new ParameterException(spec.commandLine(), "missing benchmark: choose simulator or mamba");
  }

  @Command(name = "simulator", description = "Times the built-in simulator on growing circuits.")
  int simulator(@Option(names = "--quick", description = "small sizes only, for a smoke run") boolean quick) {
    main.out().flush();
    SimulatorBench.run(main.context().out(), quick);
    main.context().out().flush();
    return 0;
  }

  @Command(name = "mamba", description = "Times one Mamba training step (forward + backward + Adam) for the"
      + " three reference configurations, beside PyTorch's measured times.")
  int mamba(
      @Option(names = "--steps", defaultValue = "3", description = "timed steps per configuration (median)") int steps,
      @Option(names = "--only", split = ",", paramLabel = "a,b,c", description = "only these configurations")
          java.util.List<String> configs) {
    main.out().flush();
    dev.qssm.models.train.TrainingBench.run(main.context().out(), steps, configs == null ? java.util.List.of() : configs);
    main.context().out().flush();
    return 0;
  }
}
