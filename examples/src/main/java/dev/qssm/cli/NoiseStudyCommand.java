package dev.qssm.cli;

import dev.qssm.backend.Backend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "noise-study",
    sortOptions = false,
    description = {
      "Evaluates a trained model (qssm train --out DIR) on the noisy simulator over a grid of noise levels x shot"
          + " counts x repeats.",
      "Writes OUT/noise-study.csv and OUT/noise-study.png (accuracy vs noise, one line per shot count, error bars"
          + " over repeats) and prints the table."
    })
final class NoiseStudyCommand implements Callable<Integer> {
  @ParentCommand Main main;
  @Spec CommandSpec spec;

  @Option(names = "--checkpoint", paramLabel = "DIR", required = true, order = 1,
      description = "a training output directory (holding checkpoint/) or a checkpoint directory")
  Path checkpoint;
  @Option(names = "--noise", paramLabel = "KIND:V1,V2", order = 2, defaultValue = "depolarizing:0,0.001,0.003,0.01",
      description = "a noise kind of the noisy backend and its levels, e.g. depolarizing:0,0.001,0.01,"
          + " amplitudeDamping:0.01, readout:0.02, or ibm:fez (bundled calibration); repeat for several kinds")
  List<String> noise;
  @Option(names = "--shots", paramLabel = "N1,N2", split = ",", order = 3, defaultValue = "128,1024,8192",
      description = "shot counts (0 = exact probabilities)") List<Integer> shots;
  @Option(names = "--repeats", paramLabel = "R", order = 4, defaultValue = "3",
      description = "sampling repeats per point, each with its own seed (error bars)") int repeats;
  @Option(names = "--seed", order = 5, defaultValue = "0") long seed;
  @Option(names = "--limit", paramLabel = "N", order = 6, defaultValue = "100",
      description = "test digits per evaluation (0 = all; a QMamba is scored on every start of its pattern)") int limit;
  @Option(names = "--batch", paramLabel = "B", order = 7, defaultValue = "50") int batch;
  @Option(names = "--data", paramLabel = "DIR", order = 8,
      description = "MNIST-format directory for the test split (default: the one used in training)") Path data;
  @Option(names = "--out", paramLabel = "DIR", order = 9, description = "default: the checkpoint's directory")
  Path out;
  @Option(names = {"-o", "--backend-option"}, paramLabel = "KEY=VALUE", order = 10,
      description = "another noisy-backend option (e.g. method=trajectories); repeat for each")
  java.util.Map<String, String> backendOptions = new java.util.LinkedHashMap<>();

  @Override
  public Integer call() {
    if (repeats < 1 || limit < 0 || batch < 1 || shots.stream().anyMatch(s -> s < 0)) {
      throw new ParameterException(spec.commandLine(), "--repeats and --batch must be >= 1, --limit and --shots >= 0");
    }
    var points = new ArrayList<NoiseStudy.Point>();
    for (var n : noise) {
      try {
        points.addAll(NoiseStudy.parse(n));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
    }
    var wd = main.context().workingDirectory();
    var dir = EvalCommand.checkpointDir(main, checkpoint);
    var outDir = out == null ? dir : wd.resolve(out);
    var rows = run(main, dir, points, shots, repeats, seed, limit, batch, data == null ? null : wd.resolve(data),
        backendOptions);
    var stdout = main.context().out();
    NoiseStudy.printTable(stdout, rows, shots);
    var csv = outDir.resolve("noise-study.csv");
    var png = outDir.resolve("noise-study.png");
    try {
      java.nio.file.Files.createDirectories(outDir);
    } catch (java.io.IOException e) {
      throw new CommandException(outDir + ": cannot create: " + e.getMessage(), e);
    }
    NoiseStudy.writeCsv(csv, rows);
    var repeatsText = repeats == 1 ? "1 repeat" : repeats + " repeats";
    boolean qmamba = dev.qssm.models.train.Checkpoint.config(dir).get("model").getAsString().equals("qmamba");
    NoiseStudy.plot(png, rows, shots, qmamba
        ? String.format(Locale.ROOT, "QMamba next-character accuracy under noise (%s)", repeatsText)
        : String.format(Locale.ROOT, "Test accuracy under noise (%d digits, %s)", limit, repeatsText));
    stdout.println("wrote " + csv + ", " + png);
    stdout.flush();
    return 0;
  }

  /** The grid on the noisy backend; shared with qssm demo. */
  static List<NoiseStudy.Row> run(Main main, Path checkpoint, List<NoiseStudy.Point> points, List<Integer> shots,
      int repeats, long seed, int limit, int batch, Path data, java.util.Map<String, String> options) {
    NoiseStudy.BackendFactory factory = (point, s) -> {
      var config = main.config(b -> {
        b.backend("noisy");
        options.forEach(b::option);
        if (point.option() != null) {
          b.option(point.option(), point.value());
        }
        b.seed(s);
      });
      return main.injector(config).getInstance(Backend.class);
    };
    return NoiseStudy.run(checkpoint, points, shots, repeats, seed, limit, batch, data, factory,
        new ProgressBar(main.context().err()));
  }
}
