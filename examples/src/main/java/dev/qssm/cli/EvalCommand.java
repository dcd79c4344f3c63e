package dev.qssm.cli;

import dev.qssm.backend.Backend;
import dev.qssm.config.QssmConfig;
import dev.qssm.models.train.Checkpoint;
import dev.qssm.models.train.TrainedClassifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "eval",
    sortOptions = false,
    description = {
      "Evaluates a trained model (qssm train --out DIR) on any backend: the checkpoint alone rebuilds the model"
          + " and its test set.",
      "Train on exact, then e.g. --backend noisy --shots 1024, --backend strange, or --backend ibm -o dry-run=DIR."
    })
final class EvalCommand implements Callable<Integer> {
  @ParentCommand Main main;
  @Spec CommandSpec spec;

  @Option(names = "--checkpoint", paramLabel = "DIR", required = true, order = 1,
      description = "a training output directory (holding checkpoint/) or a checkpoint directory")
  Path checkpoint;
  @Option(names = "--backend", paramLabel = "NAME", order = 2,
      description = "backend for the quantum layers (default: from the configuration, else exact)")
  String backendName;
  @Option(names = {"-o", "--backend-option"}, paramLabel = "KEY=VALUE", order = 3,
      description = "a backend-specific option (as under \"backend\" in qssm.json); repeat for each")
  Map<String, String> backendOptions = new LinkedHashMap<>();
  @Option(names = "--shots", paramLabel = "N", order = 4,
      description = "shots per circuit (0 = exact; default: from the configuration)")
  Integer shots;
  @Option(names = "--seed", order = 5, description = "seed for the backend's sampling") Long seed;
  @Option(names = "--data", paramLabel = "DIR", order = 6,
      description = "MNIST-format directory to take the test split from (default: the one used in training)")
  Path data;
  @Option(names = "--limit", paramLabel = "N", order = 7, defaultValue = "0",
      description = "evaluate the first N test digits only (0 = all)") int limit;
  @Option(names = "--batch", paramLabel = "B", order = 8, defaultValue = "50",
      description = "digits per forward pass (one backend call each)") int batch;
  @Option(names = "--confusion", paramLabel = "FILE.png", order = 9, description = "also write the confusion matrix")
  Path confusion;

  @Override
  public Integer call() {
    if (limit < 0 || batch < 1) {
      throw new ParameterException(spec.commandLine(), "--limit must be >= 0 and --batch >= 1, got " + limit + " and "
          + batch);
    }
    if (shots != null && shots < 0) {
      throw new UsageException("--shots must be 0 (exact) or positive, got " + shots);
    }
    var wd = main.context().workingDirectory();
    var dir = checkpointDir(main, checkpoint);
    var model = Checkpoint.config(dir).get("model").getAsString();
    var config = main.config(b -> {
      if (backendName != null) {
        b.backend(backendName);
      }
      backendOptions.forEach(b::option);
      if (shots != null) {
        b.shots(shots);
      }
      if (seed != null) {
        b.seed(seed);
      }
    });
    if (model.equals("qmamba")) {
      try (var backend = main.injector(config).getInstance(Backend.class)) {
        return QMambaEval.run(main, dir, backend, config.backend().shots());
      }
    }
    var out = main.context().out();
    try (var backend = backend(config)) {
      var trained = TrainedClassifier.load(dir, backend, config.backend().shots());
      var test = trained.testSet(data == null ? null : wd.resolve(data), limit);
      out.printf(Locale.ROOT, "%s (%,d parameters) from %s on backend %s, %s, %d test digits%n", trained.name(),
          trained.parameterCount(), trained.checkpoint(), backend.name(),
          config.backend().shots() == 0 ? "exact" : config.backend().shots() + " shots", test.size());
      out.flush();
      long t0 = System.nanoTime();
      var bar = new ProgressBar(main.context().err());
      var r = trained.evaluate(test, batch, (done, total) -> bar.update(done, total, "eval", "digits"));
      bar.clear();
      double secs = (System.nanoTime() - t0) / 1e9;
      int right = (int) Math.round(r.accuracy() * test.size());
      out.printf(Locale.ROOT, "test accuracy %.4f (%d/%d), loss %.4f, %.1f s%n", r.accuracy(), right, test.size(),
          r.loss(), secs);
      if (backend instanceof DryRunTee) {
        out.println("dry run: the jobs are in " + config.backend().getString("dryRun", "?")
            + "; the accuracy above is the exact simulator's");
      }
      if (confusion != null) {
        var png = wd.resolve(confusion);
        var names = new ArrayList<String>();
        for (int i = 0; i < 10; i++) {
          names.add(Integer.toString(i));
        }
        ConfusionMatrixPlot.write(ConfusionMatrixPlot.count(r.labels(), r.predicted(), 10), names,
            String.format(Locale.ROOT, "%s on %s: accuracy %.3f", trained.name(), backend.name(), r.accuracy()), png);
        out.println("wrote " + png);
      }
      out.flush();
    }
    return 0;
  }

  /** The training output directory {@code checkpoint} names; a usage error (exit 2) when it holds no checkpoint. */
  static Path checkpointDir(Main main, Path checkpoint) {
    var dir = main.context().workingDirectory().resolve(checkpoint);
    if (!java.nio.file.Files.isDirectory(dir)) {
      throw new UsageException("--checkpoint " + checkpoint + ": no such directory; give the --out directory of qssm train");
    }
    try {
      Checkpoint.locate(dir);
    } catch (dev.qssm.models.train.WeightsException e) {
      throw new UsageException(e.getMessage());
    }
    return dir;
  }

  // An IBM dry run returns NaN, which would stop the model at its first quantum layer; the tee lets
  // exact supply the values so every layer's jobs get written.
  private Backend backend(QssmConfig config) {
    var backend = main.injector(config).getInstance(Backend.class);
    if (!config.backend().has("dryRun")) {
      return backend;
    }
    var exact = main.config(b -> b.backend("exact"));
    return new DryRunTee(backend, main.injector(exact).getInstance(Backend.class));
  }
}
