package dev.qssm.cli;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.qssm.QssmException;
import dev.qssm.backend.Backends;
import dev.qssm.config.BackendModule;
import dev.qssm.config.ConfigException;
import dev.qssm.config.QssmConfig;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code qssm} command line. Exit codes: 0 success, 1 a failure qssm reports ({@code error:
 * message} on stderr), 2 a wrong flag or value.
 */
@Command(
    name = "qssm",
    mixinStandardHelpOptions = true,
    scope = ScopeType.INHERIT, // --help on every subcommand too
    versionProvider = Main.Version.class,
    description = "Hybrid quantum-classical state-space models on any quantum backend.",
    subcommands = {RunCommand.class, DemoCommand.class, BackendsCommand.class, ConfigCommand.class, TrainCommand.class,
        EvalCommand.class, CompareCommand.class, NoiseStudyCommand.class, AnalyzeCommand.class, GenerateCommand.class,
        TranspileCommand.class, DrawCommand.class,
        BenchCommand.class, HelpCommand.class})
public final class Main implements Runnable {
  // held strongly: java.util.logging forgets the level of a logger nobody references
  private static final Logger QSSM_LOGGER = Logger.getLogger("dev.qssm");
  private static Handler debugHandler;

  @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
      description = "JSON configuration file (default: $QSSM_CONFIG, else ./qssm.json)")
  Path configFile;

  @Option(names = "--debug", scope = ScopeType.INHERIT,
      description = "log what qssm does to stderr and show stack traces of errors")
  boolean debug;

  @Spec CommandSpec spec;

  private final Context context;
  private final PrintWriter out;
  private final PrintWriter err;

  Main(Context context) {
    this.context = context;
    this.out = writer(context.out());
    this.err = writer(context.err());
  }

  public static void main(String[] args) {
    Logger.getLogger("").setLevel(Level.WARNING); // quiet unless something is wrong
    System.exit(new Main(Context.system()).execute(args));
  }

  /** Parses {@code args}, runs the command and returns the exit code. */
  int execute(String... args) {
    var cl = new CommandLine(this)
        .setOut(out)
        .setErr(err)
        .setParameterExceptionHandler(this::badArguments)
        .setExecutionExceptionHandler(this::failed)
        .setExecutionStrategy(parsed -> {
          configureLogging();
          return new CommandLine.RunLast().execute(parsed);
        });
    try {
      return cl.execute(args);
    } finally {
      out.flush();
      err.flush();
    }
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(),
        "missing command: choose " + String.join(", ", new java.util.TreeSet<>(spec.subcommands().keySet())));
  }

  Context context() {
    return context;
  }

  PrintWriter out() {
    return out;
  }

  /** The configuration with this invocation's {@code --config} and the command's own overrides. */
  QssmConfig config(Consumer<QssmConfig.Builder> overrides) {
    var b = QssmConfig.builder()
        .environment(context.env())
        .systemProperties(context.systemProperties())
        .workingDirectory(context.workingDirectory());
    if (configFile != null) {
      b.configFile(configFile);
    }
    overrides.accept(b);
    var config = b.build();
    QSSM_LOGGER.fine(() -> "configuration: " + config);
    return config;
  }

  /**
   * Wiring for the backend {@code config} names. The provider is resolved now, so a wrong name
   * fails here; the {@link dev.qssm.backend.Backend} is created when first asked for, and whoever
   * asks closes it.
   */
  Injector injector(QssmConfig config) {
    checkBackend(config);
    return Guice.createInjector(new BackendModule(config, context.loader()));
  }

  /** A backend name nothing on the class path provides is a wrong value: exit 2, naming the installed ones. */
  void checkBackend(QssmConfig config) {
    var providers = Backends.discover(context.loader());
    var name = config.backend().name();
    if (!providers.containsKey(name)) {
      throw new UsageException("unknown backend '" + name + "'; available: " + String.join(", ", providers.keySet())
          + (providers.isEmpty() ? "none (add backend jars with QSSM_CLASSPATH)" : ""));
    }
  }

  // One line, as picocli words it, plus where to look for the right usage.
  private int badArguments(ParameterException e, String[] args) {
    // picocli says "Value for option option '--param' (NAME=VALUE) ..."
    var line = new StringBuilder(firstLine(e.getMessage()).replace("option option", "option"));
    if (e instanceof UnmatchedArgumentException u) {
      // after "--shotz 5 f.qasm" picocli also lists f.qasm, displaced by 5; the option is the news
      u.getUnmatched().stream().filter(a -> a.startsWith("-")).findFirst()
          .ifPresent(o -> line.replace(0, line.length(), "Unknown option: '" + o + "'"));
      if (!u.getSuggestions().isEmpty()) {
        line.append("; did you mean ").append(String.join(" or ", u.getSuggestions())).append('?');
      }
    }
    line.append(" (see '").append(e.getCommandLine().getCommandSpec().qualifiedName()).append(" --help')");
    err.println(line);
    return CommandLine.ExitCode.USAGE;
  }

  private int failed(Exception e, CommandLine cl, ParseResult parsed) {
    Throwable shown = e instanceof RuntimeException r ? BackendModule.unwrap(r) : e;
    // a wrong value that only showed once the command ran (a flag, the config, an input file)
    boolean usage = shown instanceof UsageException || shown instanceof ConfigException;
    if (shown instanceof QssmException) {
      err.println("error: " + firstLine(shown.getMessage()));
    } else {
      err.println("error: unexpected " + shown.getClass().getName() + ": " + firstLine(shown.getMessage())
          + (debug ? "" : " (run with --debug for the stack trace)"));
    }
    if (debug) {
      shown.printStackTrace(err);
    }
    return usage ? CommandLine.ExitCode.USAGE : 1;
  }

  // One line per error: a library's message may carry a second line of advice (Gson's URL).
  private static String firstLine(String message) {
    var m = String.valueOf(message).strip();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl).strip();
  }

  private void configureLogging() {
    synchronized (Main.class) {
      if (debugHandler != null) {
        QSSM_LOGGER.removeHandler(debugHandler);
        debugHandler = null;
      }
      QSSM_LOGGER.setLevel(debug ? Level.FINE : Level.WARNING);
      if (debug) {
        debugHandler = new StreamHandler(context.err(), new OneLine()) {
          @Override
          public synchronized void publish(LogRecord r) {
            super.publish(r);
            flush();
          }
        };
        debugHandler.setLevel(Level.FINE);
        QSSM_LOGGER.addHandler(debugHandler);
      }
    }
  }

  private static PrintWriter writer(PrintStream stream) {
    return new PrintWriter(stream, true);
  }

  private static final class OneLine extends Formatter {
    @Override
    public String format(LogRecord r) {
      return "[" + r.getLevel() + "] " + r.getLoggerName() + ": " + formatMessage(r) + System.lineSeparator();
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      var v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"qssm " + (v != null ? v : "(development build)")};
    }
  }
}
