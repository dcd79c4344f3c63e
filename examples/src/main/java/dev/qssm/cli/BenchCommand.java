package dev.qssm.cli;

import dev.qssm.backend.Backend;
import dev.qssm.models.hqc.HqcMamba;
import dev.qssm.models.hqc.ProjectionBench;
import dev.qssm.models.train.TrainingBench;
import dev.qssm.qnn.QuantumProjection;
import dev.qssm.simulator.bench.NoisyBench;
import dev.qssm.simulator.bench.SimulatorBench;
import dev.qssm.strange.bench.StrangeBench;
import java.io.PrintStream;
import java.util.List;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "bench", description = "Runs a benchmark and prints a Markdown table.",
    subcommands = {MemoryBenchCommand.Qlam.class, MemoryBenchCommand.Qrnn.class})
final class BenchCommand implements Runnable {
  @ParentCommand Main main;
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(),
        "missing benchmark: choose " + String.join(", ", new java.util.TreeSet<>(spec.subcommands().keySet())));
  }

  @Command(name = "simulator", description = "Times the built-in simulator on growing circuits.")
  int simulator(@Option(names = "--quick", description = "small sizes only, for a smoke run") boolean quick) {
    return print(out -> SimulatorBench.run(out, quick));
  }

  @Command(name = "noisy", description = "Times the noisy simulator: shots/s and density-matrix gate cost.")
  int noisy(@Option(names = "--quick", description = "small sizes only, for a smoke run") boolean quick) {
    return print(out -> NoisyBench.run(out, quick));
  }

  @Command(name = "strange", description = "Times the strange backend against the exact simulator on the same circuits.")
  int strange(@Option(names = "--quick", description = "small sizes only, for a smoke run") boolean quick) {
    return print(out -> StrangeBench.run(out, quick));
  }

  @Command(name = "mamba", description = "Times one Mamba training step (forward + backward + Adam) for the"
      + " three reference configurations, beside PyTorch's measured times.")
  int mamba(
      @Option(names = "--steps", defaultValue = "3", description = "timed steps per configuration (median)") int steps,
      @Option(names = "--only", split = ",", paramLabel = "a,b,c", description = "only these configurations")
          List<String> configs,
      @Option(names = "--model", defaultValue = "mamba",
          description = "mamba (default) or hqc-mamba (all three projections quantum, 2 layers)") String model,
      @Option(names = "--backend", paramLabel = "NAME",
          description = "hqc-mamba: backend (default: from the configuration, else exact)") String backendName) {
    UsageException.atLeast("--steps", steps, 1);
    if (!model.equals("mamba") && !model.equals("hqc-mamba")) {
      throw new UsageException("--model must be mamba or hqc-mamba, got '" + model + "'");
    }
    var names = TrainingBench.CASES.stream().map(TrainingBench.Case::name).toList();
    for (var c : configs == null ? List.<String>of() : configs) {
      if (!names.contains(c)) {
        throw new UsageException("--only: unknown configuration '" + c + "'; choose from " + String.join(",", names));
      }
    }
    var only = configs == null ? List.<String>of() : configs;
    if (model.equals("mamba")) {
      return print(out -> TrainingBench.run(out, steps, only));
    }
    var config = main.config(b -> {
      if (backendName != null) {
        b.backend(backendName);
      }
    });
    try (var backend = main.injector(config).getInstance(Backend.class)) {
      return print(out -> TrainingBench.run(out, steps, only, "HQC-Mamba on " + backend.name(),
          cfg -> HqcMamba.create(cfg, backend, HqcMamba.ALL, QuantumProjection.Options.defaults(),
              new java.util.SplittableRandom(0)).module()));
    }
  }

  @Command(name = "hqc", description = "Times the HQC-Mamba quantum projection at the paper's sizes beside a"
      + " Linear of the same shape.")
  int hqc(
      @Option(names = "--backend", paramLabel = "NAME", description = "backend (default: from the configuration, else exact)")
          String backendName,
      @Option(names = "--tokens", defaultValue = "6272", description = "tokens per pass (default 8 x 784)") int tokens,
      @Option(names = "--q-layers", defaultValue = "2", description = "layers per projection") int layers,
      @Option(names = "--reps", defaultValue = "7", description = "timed repetitions (median)") int reps) {
    UsageException.atLeast("--tokens", tokens, 1);
    UsageException.atLeast("--q-layers", layers, 1);
    UsageException.atLeast("--reps", reps, 1);
    var config = main.config(b -> {
      if (backendName != null) {
        b.backend(backendName);
      }
    });
    try (var backend = main.injector(config).getInstance(Backend.class)) {
      return print(out -> ProjectionBench.run(out, backend, tokens, layers, reps));
    }
  }

  @Command(name = "qmamba", description = "Times QMamba: training steps/s (vjp vs parameter shift), generating 100"
      + " characters, forward cost against sequence length.")
  int qmamba(@Option(names = "--quick", description = "small sizes only, for a smoke run") boolean quick,
      @Option(names = "--backend", paramLabel = "NAME", split = ",", defaultValue = "exact",
          description = "backends to time, e.g. exact,noisy (default exact)")
          List<String> names) {
    var list = new java.util.ArrayList<Backend>();
    try {
      for (var n : names) {
        list.add(main.injector(main.config(b -> b.backend(n))).getInstance(Backend.class));
      }
      return print(out -> dev.qssm.models.qmamba.QMambaBench.run(out, list, quick));
    } finally {
      list.forEach(Backend::close);
    }
  }

  private int print(Consumer<PrintStream> bench) {
    main.out().flush();
    bench.accept(main.context().out());
    main.context().out().flush();
    return 0;
  }
}
