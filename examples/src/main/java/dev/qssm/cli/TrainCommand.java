package dev.qssm.cli;

import dev.qssm.backend.Backend;
import dev.qssm.config.QssmConfig;
import dev.qssm.models.hqc.HqcMamba;
import dev.qssm.models.mamba.MambaConfig;
import dev.qssm.models.train.TrainListener;
import dev.qssm.models.train.TrainOptions;
import dev.qssm.models.train.Trainer;
import dev.qssm.qnn.QuantumProjection;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "train",
    sortOptions = false,
    description = {
      "Trains a model on sequential MNIST (each image a sequence of 784 pixels, or of 28 rows with"
          + " --pixels-per-token 28) and reports test accuracy after each epoch.",
      "Writes OUT/metrics.csv, OUT/curves.png, OUT/model.safetensors (PyTorch state_dict names) and a"
          + " checkpoint in OUT/checkpoint that --resume continues from."
    })
final class TrainCommand implements Callable<Integer> {
  @ParentCommand Main main;
  @Spec CommandSpec spec;

  @Option(names = "--model", order = 1, defaultValue = "mamba",
      description = "mamba (default), hqc-mamba (quantum projections on a backend), qlam or qrnn (quantum memory on a"
          + " backend) or qmamba (--task pattern)")
  String model;

  @Option(names = "--task", order = 2, defaultValue = "smnist",
      description = "smnist (pixels in reading order, default), psmnist (a fixed random pixel permutation) or, for"
          + " qlam/qrnn, copy (recall one of 3 stored symbols after --copy-blanks blanks)")
  String task;

  @Option(names = "--data", paramLabel = "DIR", order = 3,
      description = "directory with MNIST-format IDX files (train-/t10k-images/labels, plain or .gz);"
          + " default: the 1,000 + 200 digits bundled with qssm")
  Path data;

  @Option(names = "--epochs", paramLabel = "E", order = 4, defaultValue = "1") int epochs;
  @Option(names = "--batch", paramLabel = "B", order = 5, defaultValue = "32") int batch;
  @Option(names = "--out", paramLabel = "DIR", order = 6, defaultValue = "runs/mamba-smnist") Path out;
  @Option(names = "--resume", order = 7, description = "continue from OUT/checkpoint if it exists") boolean resume;
  @Option(names = "--seed", order = 8, defaultValue = "0") long seed;
  @Option(names = "--d-model", order = 9, defaultValue = "32") int dModel;
  @Option(names = "--layers", order = 10, defaultValue = "2") int layers;
  @Option(names = "--expand", order = 11, defaultValue = "2") int expand;
  @Option(names = "--d-state", order = 12, defaultValue = "16") int dState;
  @Option(names = "--pool", order = 13, defaultValue = "mean", description = "mean or last") String pool;
  @Option(names = "--lr", order = 14, defaultValue = "1e-3") double lr;
  @Option(names = "--train-limit", paramLabel = "N", order = 15, defaultValue = "0",
      description = "use only the first N training digits (0 = all)") int trainLimit;
  @Option(names = "--test-limit", paramLabel = "N", order = 16, defaultValue = "0") int testLimit;
  @Option(names = "--checkpoint-every", paramLabel = "STEPS", order = 17, defaultValue = "50") int checkpointEvery;
  @Option(names = "--backend", paramLabel = "NAME", order = 18,
      description = "hqc-mamba: backend for the quantum projections (default: from the configuration, else exact)")
  String backendName;
  @Option(names = {"-o", "--backend-option"}, paramLabel = "KEY=VALUE", order = 19,
      description = "hqc-mamba: a backend-specific option (as under \"backend\" in qssm.json); repeat for each")
  Map<String, String> backendOptions = new LinkedHashMap<>();
  @Option(names = "--quantum", paramLabel = "LIST", order = 20, split = ",", defaultValue = "in_proj,x_proj,out_proj",
      description = "hqc-mamba: which projections are quantum (default: in_proj,x_proj,out_proj)")
  List<String> quantum;
  @Option(names = "--q-layers", paramLabel = "L", order = 21, defaultValue = "2",
      description = "hqc-mamba: rotation + entangler layers per quantum projection") int qLayers;

  @Option(names = "--entangler", paramLabel = "KIND", order = 22, defaultValue = "ring",
      description = "hqc-mamba: ring (CNOT ring, default) or cz (all-to-all CZ)") String entangler;
  @Option(names = "--readout", paramLabel = "KIND", order = 23, defaultValue = "probabilities",
      description = "hqc-mamba: probabilities (2^n basis states, default) or pauli-z (n expectations + linear map)")
  String readout;
  @Option(names = "--pixels-per-token", paramLabel = "P", order = 24, defaultValue = "1",
      description = "pixels per sequence step: 1 (784 steps, default), 28 (row by row), any divisor of 784")
  int pixelsPerToken;

  @picocli.CommandLine.Mixin QMambaTrain qmamba;
  @picocli.CommandLine.Mixin MemoryTrain memory;

  @Override
  public Integer call() {
    if (model.equals("qmamba")) {
      return qmamba.run(this);
    }
    if (!java.util.List.of("mamba", "hqc-mamba", "qlam", "qrnn").contains(model)) {
      throw new ParameterException(spec.commandLine(), "--model must be mamba, hqc-mamba, qlam, qrnn or qmamba, got '"
          + model + "'");
    }
    if (model.equals("mamba") && (backendName != null || !backendOptions.isEmpty())) {
      throw new ParameterException(spec.commandLine(), "--backend and -o apply to --model hqc-mamba only");
    }
    if (!task.equals("smnist") && !task.equals("psmnist")
        && !(task.equals("copy") && (model.equals("qlam") || model.equals("qrnn")))) {
      throw new ParameterException(spec.commandLine(), "--task must be smnist or psmnist (or copy with --model qlam"
          + " or qrnn), got '" + task + "'");
    }
    if (!pool.equals("mean") && !pool.equals("last")) {
      throw new ParameterException(spec.commandLine(), "--pool must be mean or last, got '" + pool + "'");
    }
    checkRanges();
    var wd = main.context().workingDirectory();
    out = wd.resolve(out);
    data = data == null ? null : wd.resolve(data);
    if (pixelsPerToken < 1 || 784 % pixelsPerToken != 0) {
      throw new ParameterException(spec.commandLine(), "--pixels-per-token must divide 784 (1, 2, 4, 7, 14, 16, 28, ...), got "
          + pixelsPerToken);
    }
    var cfg = new MambaConfig(dModel, layers, expand, dState, 4, 0, pixelsPerToken, 10, pool, true);
    var opts = new TrainOptions(pixelsPerToken, data, epochs, batch, seed, out, checkpointEvery,
        task.equals("psmnist") ? Long.valueOf(seed + 1) : null, trainLimit, testLimit, lr, 0.01, 1.0);
    if (model.equals("mamba")) {
      train(main, new Trainer(opts, HqcMamba.classical(cfg, new SplittableRandom(seed))), out, epochs, resume);
    } else {
      var config = config();
      var qo = quantumOptions(config.backend().shots());
      try (var backend = main.injector(config).getInstance(Backend.class)) {
        if (!model.equals("hqc-mamba")) {
          train(main, memory.trainer(this, opts, backend, config.backend().shots()), out, epochs, resume);
          return 0;
        }
        var hqc = HqcMamba.create(cfg, backend, new LinkedHashSet<>(quantum), qo, new SplittableRandom(seed));
        main.context().out().printf(Locale.ROOT, "hqc-mamba: quantum %s on backend %s%n", quantum, backend.name());
        train(main, new Trainer(opts, hqc), out, epochs, resume);
      }
    }
    return 0;
  }

  private QssmConfig config() {
    return main.config(b -> {
      if (backendName != null) {
        b.backend(backendName);
      }
      backendOptions.forEach(b::option);
    });
  }

  private QuantumProjection.Options quantumOptions(int shots) {
    QuantumProjection.Entangler e;
    if (entangler.equals("ring")) {
      e = QuantumProjection.Entangler.CNOT_RING;
    } else if (entangler.equals("cz")) {
      e = QuantumProjection.Entangler.ALL_TO_ALL_CZ;
    } else {
      throw new ParameterException(spec.commandLine(), "--entangler must be ring or cz, got '" + entangler + "'");
    }
    QuantumProjection.Kind k;
    if (readout.equals("probabilities")) {
      k = QuantumProjection.Kind.PROBABILITIES;
    } else if (readout.equals("pauli-z")) {
      k = QuantumProjection.Kind.PAULI_Z;
    } else {
      throw new ParameterException(spec.commandLine(), "--readout must be probabilities or pauli-z, got '" + readout + "'");
    }
    return new QuantumProjection.Options(qLayers, e, k, shots);
  }

  // wrong numbers are usage errors (exit 2), found before any data is read
  private void checkRanges() {
    UsageException.atLeast("--epochs", epochs, 1);
    UsageException.atLeast("--batch", batch, 1);
    UsageException.atLeast("--d-model", dModel, 1);
    UsageException.atLeast("--layers", layers, 1);
    UsageException.atLeast("--expand", expand, 1);
    UsageException.atLeast("--d-state", dState, 1);
    UsageException.positive("--lr", lr);
    UsageException.atLeast("--train-limit", trainLimit, 0);
    UsageException.atLeast("--test-limit", testLimit, 0);
    UsageException.atLeast("--checkpoint-every", checkpointEvery, 1);
    UsageException.atLeast("--q-layers", qLayers, 1);
    var projections = List.of("in_proj", "x_proj", "out_proj");
    for (var q : quantum) {
      if (!projections.contains(q)) {
        throw new UsageException("--quantum: unknown projection '" + q + "'; quantum projections can be "
            + String.join(", ", projections));
      }
    }
    if (data != null && !java.nio.file.Files.isDirectory(main.context().workingDirectory().resolve(data))) {
      throw new UsageException("--data " + data + ": no such directory");
    }
  }

  /** Runs {@code trainer} with a progress bar and a line per epoch, then draws OUT/curves.png. */
  static void train(Main main, Trainer trainer, Path out, int epochs, boolean resume) {
    var stdout = main.context().out();
    var bar = new ProgressBar(main.context().err());
    main.out().flush();
    trainer.run(resume, new TrainListener() {
      @Override
      public void step(long step, long total, int epoch, double loss, double acc, double tps) {
        bar.update(step, total, String.format(Locale.ROOT, "epoch %d/%d", epoch + 1, epochs),
            String.format(Locale.ROOT, "loss %.4f acc %.3f %.0f tok/s", loss, acc, tps));
      }

      @Override
      public void resumed(long step) {
        bar.clear();
        stdout.printf(Locale.ROOT, "resumed from %s at step %d%n", out.resolve("checkpoint"), step);
      }

      @Override
      public void epoch(EpochResult r) {
        bar.clear();
        stdout.printf(Locale.ROOT, "epoch %d: train loss %.4f acc %.4f | test loss %.4f acc %.4f | %.0f tokens/s%n",
            r.epoch(), r.trainLoss(), r.trainAccuracy(), r.testLoss(), r.testAccuracy(), r.tokensPerSecond());
        stdout.flush();
      }
    });
    bar.clear();
    var png = out.resolve("curves.png");
    TrainingCurves.write(out.resolve("metrics.csv"), png);
    stdout.println("wrote " + out.resolve("model.safetensors") + ", " + out.resolve("metrics.csv") + ", " + png);
    stdout.flush();
  }
}
