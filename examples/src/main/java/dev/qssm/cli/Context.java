package dev.qssm.cli;

import dev.qssm.circuit.Circuit;
import dev.qssm.qasm.Qasm;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

/**
 * Everything the command line takes from the process, passed in so tests can run {@link Main}
 * in-process with their own streams, environment, class path and (until OpenQASM import is
 * wired) parser.
 */
record Context(
    PrintStream out,
    PrintStream err,
    Map<String, String> env,
    Properties systemProperties,
    Path workingDirectory,
    ClassLoader loader,
    Function<String, Circuit> parser) {

  static Context system() {
    var loader = Thread.currentThread().getContextClassLoader();
    return new Context(System.out, System.err, System.getenv(), System.getProperties(), Path.of(""),
        loader != null ? loader : Main.class.getClassLoader(), Qasm::parse);
  }
}
