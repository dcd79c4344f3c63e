package dev.qssm.cli;

import dev.qssm.backend.Backend;
import dev.qssm.models.qmamba.PatternTrainer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "generate",
    sortOptions = false,
    description = "Continues a prompt with a trained QMamba (qssm train --model qmamba) and prints the text.")
final class GenerateCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Option(names = "--checkpoint", paramLabel = "DIR", required = true,
      description = "a training output directory (holding checkpoint/) or a checkpoint directory")
  Path checkpoint;
  @Option(names = "--prompt", paramLabel = "TEXT", defaultValue = "zero ", description = "default: \"zero \"")
  String prompt;
  @Option(names = "--length", paramLabel = "N", defaultValue = "40", description = "characters to generate")
  int length;
  @Option(names = "--temperature", paramLabel = "T", defaultValue = "0",
      description = "0 = greedy (default); else sampling weights exp(-discrepancy/T)")
  double temperature;
  @Option(names = "--seed", defaultValue = "0") long seed;
  @Option(names = "--backend", paramLabel = "NAME",
      description = "backend to run on (default: from the configuration; exact becomes noisy)")
  String backendName;
  @Option(names = {"-o", "--backend-option"}, paramLabel = "KEY=VALUE",
      description = "a backend-specific option; repeat for each")
  Map<String, String> backendOptions = new LinkedHashMap<>();

  @Override
  public Integer call() {
    UsageException.atLeast("--length", length, 0);
    if (!(temperature >= 0) || Double.isInfinite(temperature)) {
      throw new UsageException("--temperature must be >= 0 (0 = greedy), got " + temperature);
    }
    var dir = main.context().workingDirectory().resolve(checkpoint);
    if (!java.nio.file.Files.isDirectory(dir)) {
      throw new UsageException("--checkpoint " + checkpoint + ": no such directory; give the --out directory of"
          + " qssm train --model qmamba");
    }
    if (!java.nio.file.Files.exists(dir.resolve("config.json")) && !java.nio.file.Files.exists(dir.resolve("checkpoint/config.json"))) {
      throw new UsageException("--checkpoint " + checkpoint + ": no QMamba checkpoint there (no config.json in it or in"
          + " its checkpoint/); give the --out directory of qssm train --model qmamba");
    }
    var config = main.config(b -> {
      if (backendName != null) {
        b.backend(backendName);
      }
      backendOptions.forEach(b::option);
    });
    try (Backend backend = main.injector(config).getInstance(Backend.class)) {
      var model = PatternTrainer.load(main.context().workingDirectory().resolve(checkpoint), backend)
          .shots(config.backend().shots());
      var codec = model.codec();
      var ids = model.generate(codec.encode(prompt), length, codec, temperature, new SplittableRandom(seed));
      var sb = new StringBuilder(prompt);
      for (int id : ids) {
        sb.append(codec.token(id));
      }
      main.context().out().println(sb);
      main.context().out().flush();
    }
    return 0;
  }
}
