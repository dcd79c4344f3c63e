package dev.qssm.cli;

import dev.qssm.backend.Backend;
import dev.qssm.models.hqc.HqcMamba;
import dev.qssm.models.mamba.MambaConfig;
import dev.qssm.models.train.TrainOptions;
import dev.qssm.models.train.TrainedClassifier;
import dev.qssm.models.train.Trainer;
import dev.qssm.qnn.QuantumProjection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
    name = "demo",
    sortOptions = false,
    description = {
      "The five-minute tour: trains a small HQC-Mamba and its classical twin on the bundled MNIST digits (row by"
          + " row) on the exact simulator, prints their accuracy table, evaluates the trained HQC-Mamba on the noisy"
          + " simulator at a few noise levels, and writes the plots to OUT."
    })
final class DemoCommand implements Callable<Integer> {
  @ParentCommand Main main;
  @Spec CommandSpec spec;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "demo-output", description = "default: demo-output")
  Path out;
  @Option(names = "--epochs", paramLabel = "E", defaultValue = "12") int epochs;
  @Option(names = "--train-limit", paramLabel = "N", defaultValue = "1000",
      description = "training digits (of the 1,000 bundled)") int trainLimit;
  @Option(names = "--noise-limit", paramLabel = "N", defaultValue = "100",
      description = "test digits per noisy evaluation") int noiseLimit;
  @Option(names = "--seed", defaultValue = "0") long seed;

  @Override
  public Integer call() throws Exception {
    if (epochs < 1 || trainLimit < 1 || noiseLimit < 1) {
      throw new ParameterException(spec.commandLine(), "--epochs, --train-limit and --noise-limit must be >= 1");
    }
    long t0 = System.nanoTime();
    var stdout = main.context().out();
    var dir = main.context().workingDirectory().resolve(out);
    Files.createDirectories(dir);
    // row by row keeps the sequences short (28 steps), so both models learn in seconds per epoch
    int pixels = 28;
    var cfg = new MambaConfig(16, 2, 2, 8, 4, 0, pixels, 10, "mean", true);
    var config = main.config(b -> { });
    stdout.printf(Locale.ROOT, "qssm demo: Mamba and HQC-Mamba (d_model %d, %d layers, d_state %d) on %d bundled MNIST"
        + " digits, row by row, %d epochs; quantum layers on %s%n", cfg.dModel(), cfg.nLayers(), cfg.dState(), trainLimit,
        epochs, config.backend().name());
    stdout.flush();
    var runs = new LinkedHashMap<String, Path>();
    var rows = new ArrayList<String[]>();
    try (var backend = main.injector(config).getInstance(Backend.class)) {
      var models = new LinkedHashMap<String, dev.qssm.models.train.Classifier>();
      models.put("mamba", HqcMamba.classical(cfg, new SplittableRandom(seed)));
      models.put("hqc-mamba", HqcMamba.create(cfg, backend, HqcMamba.ALL, QuantumProjection.Options.defaults()
          .withShots(config.backend().shots()), new SplittableRandom(seed)));
      for (var e : models.entrySet()) {
        var runDir = dir.resolve(e.getKey());
        stdout.println();
        stdout.println("training " + e.getKey() + " -> " + runDir);
        var opts = new TrainOptions(pixels, null, epochs, 16, seed, runDir, 50, null, trainLimit, 0, 1e-2, 0.01, 1.0);
        long start = System.nanoTime();
        TrainCommand.train(main, new Trainer(opts, e.getValue()), runDir, epochs, false);
        runs.put(e.getKey(), runDir.resolve("metrics.csv"));
        var last = Files.readAllLines(runDir.resolve("metrics.csv"));
        var f = last.get(last.size() - 1).split(",");
        long params = e.getValue().module().parameters().values().stream().mapToLong(t -> t.data().length).sum();
        rows.add(new String[] {e.getKey(), String.format(Locale.ROOT, "%,d", params), f[5],
            String.format(Locale.ROOT, "%.0f s", (System.nanoTime() - start) / 1e9)});
      }
    }
    stdout.println();
    stdout.println("| model | parameters | test accuracy (200 digits) | training time |");
    stdout.println("|---|---:|---:|---:|");
    for (var r : rows) {
      stdout.printf(Locale.ROOT, "| %s | %s | %.3f | %s |%n", r[0], r[1], Double.parseDouble(r[2]), r[3]);
    }
    var curves = dir.resolve("curves.png");
    TrainingCurves.compare(runs, curves);

    var hqc = dir.resolve("hqc-mamba");
    try (var exact = main.injector(config).getInstance(Backend.class)) {
      var trained = TrainedClassifier.load(hqc, exact, 0);
      var r = trained.evaluate(trained.testSet(null, 0), 50, (d, n) -> { });
      var names = new ArrayList<String>();
      for (int i = 0; i < 10; i++) {
        names.add(Integer.toString(i));
      }
      ConfusionMatrixPlot.write(ConfusionMatrixPlot.count(r.labels(), r.predicted(), 10), names,
          String.format(Locale.ROOT, "HQC-Mamba, %s: accuracy %.3f", exact.name(), r.accuracy()),
          dir.resolve("confusion.png"));
    }

    stdout.println();
    stdout.printf(Locale.ROOT, "HQC-Mamba on the noisy simulator (%d test digits, 1024 shots):%n", noiseLimit);
    stdout.flush();
    var points = new ArrayList<NoiseStudy.Point>();
    points.addAll(NoiseStudy.parse("depolarizing:0,0.001,0.01"));
    points.addAll(NoiseStudy.parse("ibm:fez"));
    List<Integer> shots = List.of(1024);
    var noisy = NoiseStudyCommand.run(main, hqc, points, shots, 1, seed, noiseLimit, 50, null, java.util.Map.of());
    NoiseStudy.printTable(stdout, noisy, shots);
    NoiseStudy.writeCsv(dir.resolve("noise-study.csv"), noisy);
    NoiseStudy.plot(dir.resolve("noise-study.png"), noisy, shots,
        String.format(Locale.ROOT, "HQC-Mamba under noise (%d digits, 1024 shots)", noiseLimit));

    stdout.println();
    stdout.println("plots:");
    for (var name : Set.of("curves.png", "confusion.png", "noise-study.png").stream().sorted().toList()) {
      stdout.println("  " + dir.resolve(name));
    }
    stdout.printf(Locale.ROOT, "done in %.0f s%n", (System.nanoTime() - t0) / 1e9);
    stdout.flush();
    return 0;
  }
}
