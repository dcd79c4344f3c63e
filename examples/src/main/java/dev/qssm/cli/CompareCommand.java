package dev.qssm.cli;

import dev.qssm.models.train.Checkpoint;
import dev.qssm.models.train.Safetensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "compare",
    description = {
      "Sets training runs side by side: test accuracy per epoch, parameters and wall time as a table, and one PNG"
          + " with every run's test accuracy and train loss (e.g. HQC-Mamba against the classical Mamba)."
    })
final class CompareCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Parameters(paramLabel = "LABEL=DIR", arity = "1..*",
      description = "a run's label and its qssm train --out directory")
  List<String> runs;
  @Option(names = "--out", paramLabel = "FILE.png", defaultValue = "comparison.png") Path out;

  @Override
  public Integer call() {
    var wd = main.context().workingDirectory();
    var csvs = new LinkedHashMap<String, Path>();
    var rows = new ArrayList<List<String[]>>();
    var params = new ArrayList<Long>();
    for (var run : runs) {
      int eq = run.indexOf('=');
      if (eq <= 0) {
        throw new UsageException("runs are LABEL=DIR, got '" + run + "'");
      }
      var dir = wd.resolve(run.substring(eq + 1));
      var csv = dir.resolve("metrics.csv");
      if (!Files.isRegularFile(csv)) {
        throw new UsageException(run.substring(eq + 1) + ": no metrics.csv there; give a qssm train --out directory");
      }
      csvs.put(run.substring(0, eq), csv);
      try {
        var lines = Files.readAllLines(csv);
        var parsed = new ArrayList<String[]>();
        for (var line : lines.subList(1, lines.size())) {
          parsed.add(line.split(","));
        }
        rows.add(parsed);
      } catch (IOException e) {
        throw new CommandException(csv + ": cannot read: " + e.getMessage(), e);
      }
      long count = Safetensors.read(Checkpoint.locate(dir).resolve("model.safetensors")).values().stream()
          .mapToLong(e -> e.values().length).sum();
      params.add(count);
    }
    var stdout = main.context().out();
    var labels = new ArrayList<>(csvs.keySet());
    stdout.println("| epoch | " + String.join(" | ", labels) + " |");
    stdout.println("|---:|" + "---:|".repeat(labels.size()));
    int epochs = rows.stream().mapToInt(List::size).max().orElse(0);
    for (int e = 0; e < epochs; e++) {
      var line = new StringBuilder("| " + (e + 1) + " |");
      for (var r : rows) {
        line.append(e < r.size() ? String.format(Locale.ROOT, " %.4f |", Double.parseDouble(r.get(e)[5])) : " |");
      }
      stdout.println(line);
    }
    var p = new StringBuilder("| parameters |");
    var t = new StringBuilder("| wall time |");
    for (int i = 0; i < rows.size(); i++) {
      p.append(String.format(Locale.ROOT, " %,d |", params.get(i)));
      double secs = rows.get(i).stream().mapToDouble(f -> Double.parseDouble(f[6])).sum();
      t.append(String.format(Locale.ROOT, " %.0f min |", secs / 60));
    }
    stdout.println(p);
    stdout.println(t);
    var png = wd.resolve(out);
    TrainingCurves.compare(csvs, png);
    stdout.println("wrote " + png);
    stdout.flush();
    return 0;
  }
}
