package dev.qssm.cli;

import dev.qssm.backend.Backend;
import dev.qssm.models.qmamba.NeedleTask;
import dev.qssm.models.qmamba.PatternTrainer;
import dev.qssm.models.qmamba.QMamba;
import dev.qssm.models.qmamba.QMambaConfig;
import java.util.Locale;
import java.util.SplittableRandom;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code qssm train --model qmamba --task pattern|needle}: the options only QMamba uses (a mixin of train). */
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
  @Option(names = "--haystack", paramLabel = "N", defaultValue = "3",
      description = "qmamba needle: haystack tokens (letters a, b, ...; the pointer '#' is one more)")
  int haystack;
  @Option(names = "--min-context", paramLabel = "N", defaultValue = "1", description = "qmamba pattern: train on the"
      + " predictions made with at least N characters seen (default 1: all, as the paper)")
  int minContext;
  @Option(names = "--eval-every", paramLabel = "N", defaultValue = "20", description = "qmamba: evaluate + checkpoint every N steps")
  int evalEvery;

  /** Runs the pattern task with train's shared options (their qmamba defaults when not given). */
  int run(TrainCommand t) {
    var parsed = t.spec.commandLine().getParseResult();
    if (!parsed.hasMatchedOption("--task")) {
      t.task = "pattern";
    }
    boolean needle = t.task.equals("needle");
    if (!t.task.equals("pattern") && !needle) {
      throw new ParameterException(t.spec.commandLine(), "--model qmamba supports --task pattern or needle, got '"
          + t.task + "'");
    }
    if (needle && parsed.hasMatchedOption("--min-context")) {
      throw new ParameterException(t.spec.commandLine(), "--min-context is for --task pattern; the needle task scores"
          + " only the answer after the indicator");
    }
    int batch = parsed.hasMatchedOption("--batch") ? t.batch : needle ? 8 : 4;
    double lr = parsed.hasMatchedOption("--lr") ? t.lr : 0.05;
    int len = parsed.hasMatchedOption("--window") ? window : needle ? 10 : window;
    // the needle task's default tokens: 3 letters + pointer on 2 binary qubits
    int levels = parsed.hasMatchedOption("--levels") || !needle ? k : 2;
    var main = t.main;
    var wd = main.context().workingDirectory();
    var out = wd.resolve(parsed.hasMatchedOption("--out") ? t.out
        : java.nio.file.Path.of(needle ? "runs/qmamba-needle" : "runs/qmamba-pattern"));
    var config = main.config(b -> {
      if (t.backendName != null) {
        b.backend(t.backendName);
      }
      t.backendOptions.forEach(b::option);
    });
    var stdout = main.context().out();
    try (Backend backend = main.injector(config).getInstance(Backend.class)) {
      var codec = needle ? NeedleTask.codec(haystack, levels, qIn) : PatternTrainer.codec(levels, qIn);
      var cfg = QMambaConfig.ofBudget(levels, qIn, stateQubits, budget, !noRemap);
      var model = new QMamba(backend, cfg, new SplittableRandom(t.seed)).codec(codec)
          .shots(config.backend().shots());
      stdout.printf(Locale.ROOT, "qmamba: %d qubits, %d weights (layers A %d, B %d, C %d, Δ %d) on backend %s%n",
          cfg.numQubits(), cfg.weightCount(), cfg.layersA(), cfg.layersB(), cfg.layersC(), cfg.layersDelta(),
          backend.name());
      stdout.flush();
      long started = System.nanoTime();
      java.util.function.BiConsumer<Long, Double> onStep = (step, loss) -> {
        main.context().err().printf(Locale.ROOT, "\rstep %d/%d loss %.4f ", step, steps, loss);
        main.context().err().flush();
      };
      java.util.function.BiConsumer<Long, Double> onEval = (step, accuracy) -> {
        main.context().err().print("\r" + " ".repeat(60) + "\r");
        stdout.printf(Locale.ROOT, "step %d: %s %.3f (%.1f s elapsed)%n", step,
            needle ? "needle accuracy at length " + len : "next-character accuracy", accuracy,
            (System.nanoTime() - started) / 1e9);
        stdout.flush();
      };
      var listener = new PatternTrainer.Listener() {
        @Override
        public void step(long step, double loss, double seconds) {
          onStep.accept(step, loss);
        }

        @Override
        public void evaluated(long step, double accuracy) {
          onEval.accept(step, accuracy);
        }
      };
      if (needle) {
        new NeedleTask(model, codec).train(new NeedleTask.Options(steps, batch, len, lr, t.seed, evalEvery), out,
            NeedleTask.describe(cfg, codec, len), t.resume, listener);
      } else {
        new PatternTrainer(model, codec).train(new PatternTrainer.Options(steps, batch, len, lr, t.seed, evalEvery,
            minContext),
            out, PatternTrainer.describe(cfg, codec), t.resume, listener);
      }
      stdout.println("wrote " + out.resolve("checkpoint"));
      stdout.flush();
    }
    return 0;
  }
}
