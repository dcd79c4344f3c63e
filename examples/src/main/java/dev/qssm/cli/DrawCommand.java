package dev.qssm.cli;

import dev.qssm.QssmException;
import dev.qssm.circuit.Circuit;
import dev.qssm.qasm.QasmException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "draw",
    description = {
      "Prints an OpenQASM program as a text diagram: one wire per qubit (q0 on top), ● and ○ for"
          + " controls on |1> and |0>, M→c[k] for measurements, |0> for resets, ░ for barriers."
    })
final class DrawCommand implements Callable<Integer> {
  @ParentCommand Main main;
  @Spec CommandSpec spec;

  private int width;

  @Parameters(paramLabel = "FILE.qasm", description = "OpenQASM 3 (or 2) program")
  Path file;

  @Option(names = "--width", paramLabel = "N", description = "fold the diagram into parts at most N characters wide (N >= 10)")
  void width(int n) {
    if (n < 10) {
      throw new ParameterException(spec.commandLine(), "--width must be at least 10 characters, got " + n);
    }
    width = n;
  }

  @Override
  public Integer call() {
    var source = RunCommand.read(main.context().workingDirectory().resolve(file), file);
    Circuit circuit;
    try {
      circuit = main.context().parser().apply(source);
    } catch (QasmException e) {
      throw new CommandException(file + ":" + e.getMessage(), e); // "file:line:column: what"
    } catch (QssmException e) {
      throw new CommandException(file + ": " + e.getMessage(), e);
    }
    var text = width > 0 ? circuit.draw(width) : circuit.draw();
    // UTF-8 whatever the platform charset: the box-drawing characters have no ASCII fallback
    main.out().flush();
    var out = main.context().out();
    var bytes = text.getBytes(StandardCharsets.UTF_8);
    out.write(bytes, 0, bytes.length);
    out.flush();
    return 0;
  }
}
