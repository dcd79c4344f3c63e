package dev.qssm.cli;

import dev.qssm.circuit.Circuit;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

/** Runs {@link Main} in-process with captured streams and a chosen environment. */
final class Cli {
  private final Path workingDirectory;
  private final Function<String, Circuit> parser;
  private final Map<String, String> env = new HashMap<>();
  private final Properties properties = new Properties();

  Cli(Path workingDirectory, Function<String, Circuit> parser) {
    this.workingDirectory = workingDirectory;
    this.parser = parser;
  }

  Cli env(String name, String value) {
    env.put(name, value);
    return this;
  }

  Cli property(String name, String value) {
    properties.setProperty(name, value);
    return this;
  }

  Result run(String... args) {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    var context = new Context(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), Map.copyOf(env), properties, workingDirectory,
        getClass().getClassLoader(), parser);
    int code = new Main(context).execute(args);
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  record Result(int code, String out, String err) {
    /** stdout without the trailing line break. */
    String json() {
      return out.strip();
    }

    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }
}
