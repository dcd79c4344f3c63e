package dev.qssm.cli;

import dev.qssm.backend.Backend;
import dev.qssm.models.recurrent.MemoryBench;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code qssm bench qlam} and {@code qssm bench qrnn}: training-step timings of the quantum-memory models. */
abstract class MemoryBenchCommand implements Callable<Integer> {
  @ParentCommand BenchCommand bench;

  @Option(names = "--backend", paramLabel = "NAME", description = "backend (default: from the configuration, else exact)")
  String backendName;
  @Option(names = "--batch", defaultValue = "8", description = "sequences per step (default 8)") int batch;
  @Option(names = "--reps", defaultValue = "3", description = "timed steps per row (median)") int reps;
  @Option(names = "--quick", description = "small sizes only, for a smoke run") boolean quick;

  abstract String model();

  @Override
  public Integer call() {
    var main = bench.main;
    var config = main.config(b -> {
      if (backendName != null) {
        b.backend(backendName);
      }
    });
    main.out().flush();
    try (var backend = main.injector(config).getInstance(Backend.class)) {
      MemoryBench.run(main.context().out(), backend, model(), batch, reps, quick);
    }
    main.context().out().flush();
    return 0;
  }

  @Command(name = "qlam", description = "Times QLAM training steps at 8, 10, 12 qubits and against the sequence length.")
  static final class Qlam extends MemoryBenchCommand {
    @Override
    String model() {
      return "qlam";
    }
  }

  @Command(name = "qrnn", description = "Times QRNN training steps at 8, 10, 12 qubits and against the sequence length"
      + " (feedback window 4 and whole prefix).")
  static final class Qrnn extends MemoryBenchCommand {
    @Override
    String model() {
      return "qrnn";
    }
  }
}
