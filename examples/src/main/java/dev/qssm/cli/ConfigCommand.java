package dev.qssm.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "config", description = "Shows the configuration qssm runs with.", subcommands = ConfigCommand.Show.class)
final class ConfigCommand implements Runnable {
  @ParentCommand Main main;
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing subcommand: choose show");
  }

  @Command(
      name = "show",
      sortOptions = false,
      description = {
        "Prints the effective configuration as JSON, merged from flags, system properties, QSSM_*"
            + " environment variables, the config file and defaults (in that order of precedence).",
        "Secrets (options whose names contain token, key, secret or password) are printed as \"***\"."
      })
  static final class Show implements Callable<Integer> {
    @ParentCommand ConfigCommand config;
    @Spec CommandSpec spec;

    @Option(names = "--backend", paramLabel = "NAME", order = 1, description = "as for run: the backend to show")
    String backendName;

    private Integer shots;

    @Option(names = "--seed", paramLabel = "S", order = 3, description = "as for run: a seed")
    Long seed;

    @Option(names = {"-o", "--backend-option"}, paramLabel = "KEY=VALUE", order = 4,
        description = "as for run: a backend option (dots nest); repeat for each")
    Map<String, String> backendOptions = new LinkedHashMap<>();

    @Option(names = "--shots", paramLabel = "N", order = 2, description = "as for run: shots (0 = exact)")
    void shots(int n) {
      if (n < 0) {
        throw new ParameterException(spec.commandLine(), "--shots must be >= 0 (0 = exact), got " + n);
      }
      shots = n;
    }

    @Override
    public Integer call() {
      var main = config.main;
      var effective = main.config(b -> {
        if (backendName != null) {
          b.backend(backendName);
        }
        if (shots != null) {
          b.shots(shots);
        }
        if (seed != null) {
          b.seed(seed);
        }
        backendOptions.forEach(b::option);
      });
      main.checkBackend(effective);
      main.out().println(effective.show());
      return 0;
    }
  }
}
