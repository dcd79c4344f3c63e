package dev.qssm.cli;

import dev.qssm.QssmException;
import dev.qssm.backend.Backend;
import dev.qssm.backend.BackendConfig;
import dev.qssm.backend.Readout;
import dev.qssm.backend.Task;
import dev.qssm.backend.TaskResult;
import dev.qssm.circuit.Circuit;
import dev.qssm.circuit.Parameter;
import dev.qssm.qasm.QasmException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "run",
    sortOptions = false,
    description = {
      "Runs an OpenQASM program and prints its outcome distribution as JSON: the classical bits"
          + " when the program measures, else all qubits; keys have bit 0 rightmost.",
      "Exact probabilities by default; counts with --shots."
    })
final class RunCommand implements Callable<Integer> {
  private static final Logger LOG = Logger.getLogger(RunCommand.class.getName());

  @ParentCommand Main main;
  @Spec CommandSpec spec;

  @Option(names = "--backend", paramLabel = "NAME", order = 1,
      description = "backend to run on (default: from the configuration, else exact)")
  String backendName;

  private Integer shots;

  @Option(names = "--seed", paramLabel = "S", order = 3, description = "seed for sampling, for reproducible counts")
  Long seed;

  @Option(names = "--param", paramLabel = "NAME=VALUE", order = 4,
      description = "value of a circuit parameter (an OpenQASM input); repeat for each")
  Map<String, Double> params = new LinkedHashMap<>();

  @Option(names = {"-o", "--backend-option"}, paramLabel = "KEY=VALUE", order = 5,
      description = "a backend-specific option (as under \"backend\" in qssm.json; dots nest); repeat for each")
  Map<String, String> backendOptions = new LinkedHashMap<>();

  @Option(names = "--device", paramLabel = "NAME", order = 6, description = "hardware device, same as -o device=NAME (ibm)")
  String device;

  @Option(names = "--dry-run", paramLabel = "DIR", order = 7,
      description = "write the request bodies a hardware backend would send to DIR and send nothing (-o dryRun=DIR)")
  Path dryRun;

  @Parameters(paramLabel = "FILE.qasm", description = "OpenQASM 3 (or 2) program")
  Path file;

  @Option(names = "--shots", paramLabel = "N", order = 2, description = "sample N shots instead of exact probabilities (0 = exact)")
  void shots(int n) {
    if (n < 0) {
      throw new ParameterException(spec.commandLine(), "--shots must be >= 0 (0 = exact), got " + n);
    }
    shots = n;
  }

  @Override
  public Integer call() {
    var config = main.config(b -> {
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
      if (device != null) {
        b.option("device", device);
      }
      if (dryRun != null) {
        b.option("dryRun", main.context().workingDirectory().resolve(dryRun).toString());
      }
    });
    var injector = main.injector(config); // before parsing: a wrong backend name is reported first
    var circuit = parse(file);
    var task = task(circuit, params, config.backend());
    LOG.fine(() -> "running " + task + " on " + config.backend().name());
    try (var backend = injector.getInstance(Backend.class)) {
      var result = backend.run(task);
      if (result.metadata() != null && result.metadata().extra().containsKey("dryRun")) {
        main.out().println("dry run: request bodies written to " + result.metadata().extra().get("dryRun")
            + "; nothing was sent");
        return 0;
      }
      main.out().println(format(backend.name(), task, result));
    }
    return 0;
  }

  private Circuit parse(Path path) {
    var source = read(main.context().workingDirectory().resolve(path), path);
    try {
      return main.context().parser().apply(source);
    } catch (QasmException e) {
      throw new CommandException(path + ":" + e.getMessage(), e); // "file:line:column: what"
    } catch (QssmException e) {
      throw new CommandException(path + ": " + e.getMessage(), e);
    }
  }

  static String read(Path resolved, Path shown) {
    try {
      return Files.readString(resolved);
    } catch (NoSuchFileException e) {
      throw new UsageException("file not found: " + shown);
    } catch (AccessDeniedException e) {
      throw new CommandException("cannot read " + shown + ": permission denied");
    } catch (CharacterCodingException e) {
      throw new CommandException("cannot read " + shown + ": not UTF-8 text");
    } catch (IOException e) {
      if (Files.isDirectory(resolved)) {
        throw new UsageException("cannot read " + shown + ": it is a directory, not a file");
      }
      throw new CommandException("cannot read " + shown + ": " + e.getMessage(), e);
    }
  }

  /**
   * One binding row from {@code --param}; classical bits when the circuit measures, else the
   * probabilities of all qubits; shots and seed from the configuration.
   */
  static Task task(Circuit circuit, Map<String, Double> params, BackendConfig config) {
    var names = circuit.parameters().stream().map(Parameter::name).toList();
    for (var given : params.keySet()) {
      if (!names.contains(given)) {
        throw new UsageException("--param " + given + ": the circuit has no parameter of that name; "
            + (names.isEmpty() ? "it has none" : "its parameters: " + String.join(", ", names)));
      }
    }
    var missing = new ArrayList<String>();
    var row = new double[names.size()];
    for (int i = 0; i < row.length; i++) {
      var v = params.get(names.get(i));
      if (v == null) {
        missing.add(names.get(i));
      } else {
        row[i] = v;
      }
    }
    if (!missing.isEmpty()) {
      throw new UsageException("unbound parameter(s) " + String.join(", ", missing)
          + ": give each a value with --param NAME=VALUE");
    }
    var b = Task.builder(circuit)
        .readout(circuit.measurements().isEmpty() ? Readout.probabilities() : Readout.classicalBits())
        .bindings(row)
        .shots(config.shots());
    config.seed().ifPresent(b::seed);
    return b.build();
  }

  static String format(String backendName, Task task, TaskResult result) {
    var c = task.circuit();
    int width = task.readout() instanceof Readout.ClassicalBits ? c.numClbits() : c.numQubits();
    var values = result.values()[0];
    if (task.shots() == 0) {
      return ResultJson.exact(backendName, values, width);
    }
    Long seed = task.seed().isPresent() ? Long.valueOf(task.seed().getAsLong())
        : result.metadata() != null ? result.metadata().seed() : null;
    return ResultJson.sampled(backendName, task.shots(), seed, values, width);
  }
}
