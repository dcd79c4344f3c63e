package dev.qssm.cli;

import dev.qssm.QssmException;
import dev.qssm.qasm.QasmException;
import dev.qssm.transpile.IsaProgram;
import dev.qssm.transpile.PassManager;
import dev.qssm.transpile.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

@Command(
    name = "transpile",
    sortOptions = false,
    description = {
      "Compiles an OpenQASM program for a device and prints it as ISA OpenQASM 3: physical qubits $k,"
          + " only the device's basis gates on coupled pairs, one input per parametric angle.",
      "The device is a backend configuration JSON (GET /backends/NAME/configuration)."
    })
final class TranspileCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Option(names = "--target", paramLabel = "CONFIGURATION.json", required = true, order = 1,
      description = "the device's configuration JSON (basis gates, coupling map, qubit count)")
  Path target;

  @Option(names = "--properties", paramLabel = "PROPERTIES.json", order = 2,
      description = "calibration data for a noise-aware layout")
  Path properties;

  @Parameters(paramLabel = "FILE.qasm", description = "OpenQASM 3 (or 2) program")
  Path file;

  @Override
  public Integer call() {
    var t = Target.fromConfiguration(json("--target", target), properties == null ? null : json("--properties", properties));
    String source = read(file);
    try {
      var circuit = main.context().parser().apply(source);
      var transpiled = PassManager.preset(t).run(circuit);
      var isa = IsaProgram.of(transpiled);
      main.out().print(isa.qasm());
      main.out().println("// " + t.name() + ": logical qubit i starts on $" + Arrays.toString(transpiled.physicalInitialLayout())
          + "[i] and ends on $" + Arrays.toString(transpiled.physicalFinalLayout()) + "[i]");
      if (!isa.inputNames().isEmpty()) {
        main.out().println("// inputs " + String.join(", ", isa.inputNames()) + " are affine in the circuit parameters "
            + circuit.parameters() + "; qssm binds them client-side");
      }
    } catch (QasmException e) {
      throw new CommandException(file + ":" + e.getMessage(), e);
    } catch (QssmException e) {
      throw new CommandException(file + ": " + e.getMessage(), e);
    }
    return 0;
  }

  private Path resolve(Path p) {
    return main.context().workingDirectory().resolve(p);
  }

  // A file that is not a JSON object is a wrong value; Gson's own message is for programmers.
  private String json(String flag, Path p) {
    var text = read(p);
    try {
      if (com.google.gson.JsonParser.parseString(text).isJsonObject()) {
        return text;
      }
    } catch (com.google.gson.JsonParseException e) {
      var where = java.util.regex.Pattern.compile("line \\d+ column \\d+").matcher(String.valueOf(e.getMessage()));
      throw new UsageException(flag + " " + p + ": not valid JSON" + (where.find() ? " (" + where.group() + ")" : ""));
    }
    throw new UsageException(flag + " " + p + ": must be a JSON object (an IBM backend configuration or properties)");
  }

  private String read(Path p) {
    try {
      return Files.readString(resolve(p));
    } catch (java.nio.file.NoSuchFileException e) {
      throw new UsageException("file not found: " + p);
    } catch (IOException e) {
      throw new CommandException("cannot read " + p + ": " + (Files.isDirectory(resolve(p)) ? "it is a directory" : e.getMessage()), e);
    }
  }
}
