package dev.qssm.cli;

import dev.qssm.backend.Backend;
import dev.qssm.models.qmamba.PatternTrainer;
import dev.qssm.models.qmamba.QMamba;
import dev.qssm.models.qmamba.QMambaConfig;
import java.util.Locale;
import java.util.SplittableRandom;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code qssm train --model qmamba --task pattern}: the options only QMamba uses (a mixin of train). */
final class QMambaTrain {
  @Option(names = "--steps", paramLabel = "N", defaultValue = "200", description = "qmamba: optimizer steps")
  int steps;
  @Option(names = "--window", paramLabel = "T", defaultValue = "6", description = "qmamba: characters per training sequence")
  int window;
  @Option(names = "--levels", paramLabel = "K", defaultValue = "4", description = "qmamba: rotation levels k per qubit")
  int k;
  @Option(names = "--q-in", paramLabel = "Q", defaultValue = "2", description = "qmamba: input/output qubits")
  int qIn;
  @Option(names = "--state-qubits", paramLabel = "S", defaultValue = "2", description = "qmamba: state qubits")
  int stateQubits;
  @Option(names = "--weights", paramLabel = "W", defaultValue = "60",
      description = "qmamba: about this many weights, split 2:1:1:1 over A, B, C, Δ (the paper: ~1000)")
  int budget;
  @Option(names = "--no-remap", description = "qmamba: use weights as angles directly (default: π·tanh(w))")
  boolean noRemap;
  @Option(names = "--eval-every", paramLabel = "N", defaultValue = "20", description = "qmamba: evaluate + checkpoint every N steps")
  int evalEvery;

  /** The configured backend, except that the default exact becomes noisy (zero noise unless configured). */
  static String preferNoisy(String configured) {
    return configured.equals("exact") ? "noisy" : configured;
  }

  /** Runs the pattern task with train's shared options (their qmamba defaults when not given). */
  int run(TrainCommand t) {
    var parsed = t.spec.commandLine().getParseResult();
    if (!parsed.hasMatchedOption("--task")) {
      t.task = "pattern";
    }
    if (!t.task.equals("pattern")) {
      throw new ParameterException(t.spec.commandLine(), "--model qmamba supports --task pattern, got '" + t.task + "'");
    }
    int batch = parsed.hasMatchedOption("--batch") ? t.batch : 4;
    double lr = parsed.hasMatchedOption("--lr") ? t.lr : 0.05;
    var main = t.main;
    var wd = main.context().workingDirectory();
    var out = wd.resolve(parsed.hasMatchedOption("--out") ? t.out : java.nio.file.Path.of("runs/qmamba-pattern"));
    // exact would branch on every mid-circuit measurement; noisy evolves the density matrix instead
    String name = t.backendName != null ? t.backendName : preferNoisy(main.config(b -> { }).backend().name());
    var config = main.config(b -> {
      b.backend(name);
      t.backendOptions.forEach(b::option);
    });
    var stdout = main.context().out();
    try (Backend backend = main.injector(config).getInstance(Backend.class)) {
      var codec = PatternTrainer.codec(k, qIn);
      var cfg = QMambaConfig.ofBudget(k, qIn, stateQubits, budget, !noRemap);
      var model = new QMamba(backend, cfg, new SplittableRandom(t.seed)).codec(codec)
          .shots(config.backend().shots());
      stdout.printf(Locale.ROOT, "qmamba: %d qubits, %d weights (layers A %d, B %d, C %d, Δ %d) on backend %s%n",
          cfg.numQubits(), cfg.weightCount(), cfg.layersA(), cfg.layersB(), cfg.layersC(), cfg.layersDelta(),
          backend.name());
      stdout.flush();
      var trainer = new PatternTrainer(model, codec);
      var opts = new PatternTrainer.Options(steps, batch, window, lr, t.seed, evalEvery);
      long started = System.nanoTime();
      trainer.train(opts, out, PatternTrainer.describe(cfg, codec), t.resume, new PatternTrainer.Listener() {
        @Override
        public void step(long step, double loss, double seconds) {
          main.context().err().printf(Locale.ROOT, "\rstep %d/%d loss %.4f %.2f s/step ", step, steps, loss, seconds);
          main.context().err().flush();
        }

        @Override
        public void evaluated(long step, double accuracy) {
          main.context().err().print("\r" + " ".repeat(60) + "\r");
          stdout.printf(Locale.ROOT, "step %d: next-character accuracy %.3f (%.1f s elapsed)%n", step, accuracy,
              (System.nanoTime() - started) / 1e9);
          stdout.flush();
        }
      });
      stdout.println("wrote " + out.resolve("checkpoint"));
      stdout.flush();
    }
    return 0;
  }
}
