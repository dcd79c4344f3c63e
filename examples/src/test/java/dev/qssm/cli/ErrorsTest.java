package dev.qssm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qssm.qasm.Qasm;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a person sees when an invocation is wrong: one line on stderr saying what is wrong (and
 * what is allowed), nothing on stdout, no stack trace; exit code 2 for a wrong flag or value, 1 for
 * a failure. Runs in the module directory, where circuits/ holds the sample programs.
 */
class ErrorsTest {
  private static final String BELL = "circuits/bell.qasm";

  static Stream<Arguments> badInvocations() {
    return Stream.of(
        bad(2, "missing command", ""),
        bad(2, "Unmatched argument", "nosuch"),
        bad(2, "Unknown option: '--nosuch'", "--nosuch"),
        // run
        bad(2, "Missing required parameter: 'FILE.qasm'", "run"),
        bad(2, "--shots must be >= 0", "run", "--shots", "-1", BELL),
        bad(2, "'abc' is not an int", "run", "--shots", "abc", BELL),
        bad(2, "'x' is not a long", "run", "--seed", "x", BELL),
        bad(2, "unknown backend 'nosuch'; available: ", "run", "--backend", "nosuch", BELL),
        bad(2, "file not found: missing.qasm", "run", "missing.qasm"),
        bad(2, "it is a directory", "run", "circuits"),
        bad(2, "should be in KEY=VALUE format", "run", "--param", "theta", BELL),
        bad(2, "--param phi: the circuit has no parameter of that name", "run", "--param", "phi=1", BELL),
        bad(2, "should be in KEY=VALUE format", "run", "-o", "foo", BELL),
        bad(2, "config file nope.json does not exist", "run", "--config", "nope.json", BELL),
        bad(2, "Unknown option: '--shotz'", "run", "--shotz", "5", BELL),
        bad(1, "circuit has 2 qubits but the backend runs at most 1", "run", "-o", "maxQubits=1", BELL),
        // backends
        bad(2, "Unknown option: '--x'", "backends", "--x"),
        bad(2, "Unmatched argument", "backends", "extra"),
        // train (all refused before any data is read)
        bad(2, "--model must be mamba, hqc-mamba, qlam, qrnn or qmamba, got 'foo'", "train", "--model", "foo"),
        bad(2, "--task must be smnist or psmnist", "train", "--task", "foo"),
        bad(2, "--epochs must be >= 1, got -1", "train", "--epochs", "-1"),
        bad(2, "--batch must be >= 1, got 0", "train", "--batch", "0"),
        bad(2, "--lr must be a number > 0", "train", "--lr", "-1"),
        bad(2, "--pool must be mean or last", "train", "--pool", "foo"),
        bad(2, "--data nowhere: no such directory", "train", "--data", "nowhere"),
        bad(2, "--quantum: unknown projection 'foo'", "train", "--model", "hqc-mamba", "--quantum", "foo"),
        bad(2, "unknown backend 'nosuch'", "train", "--model", "hqc-mamba", "--backend", "nosuch"),
        bad(2, "--backend and -o apply to --model hqc-mamba only", "train", "--backend", "exact"),
        bad(2, "--pixels-per-token must divide 784", "train", "--pixels-per-token", "5"),
        bad(2, "--entangler must be ring or cz, got 'x'", "train", "--model", "hqc-mamba", "--entangler", "x"),
        // eval, noise-study, demo
        bad(2, "Missing required option: '--checkpoint=DIR'", "eval"),
        bad(2, "--checkpoint nowhere: no such directory", "eval", "--checkpoint", "nowhere"),
        bad(2, "circuits: no checkpoint here", "eval", "--checkpoint", "circuits"),
        bad(2, "--shots must be 0 (exact) or positive, got -2", "eval", "--checkpoint", "circuits", "--shots", "-2"),
        bad(2, "--noise must look like KIND:V1,V2", "noise-study", "--checkpoint", "circuits", "--noise", "x"),
        bad(2, "--noise depolarizing: 2 is not a probability in [0, 1]", "noise-study", "--checkpoint", "circuits",
            "--noise", "depolarizing:2"),
        bad(2, "--epochs, --train-limit and --noise-limit must be >= 1", "demo", "--epochs", "0"),
        // generate
        bad(2, "Missing required option: '--checkpoint=DIR'", "generate"),
        bad(2, "--checkpoint nowhere: no such directory", "generate", "--checkpoint", "nowhere"),
        bad(2, "--checkpoint circuits: no QMamba checkpoint there", "generate", "--checkpoint", "circuits"),
        bad(2, "--length must be >= 0, got -3", "generate", "--checkpoint", "circuits", "--length", "-3"),
        bad(2, "--temperature must be >= 0", "generate", "--checkpoint", "circuits", "--temperature", "-1"),
        // transpile
        bad(2, "Missing required option: '--target=CONFIGURATION.json'", "transpile", BELL),
        bad(2, "file not found: nope.json", "transpile", "--target", "nope.json", BELL),
        bad(2, "--target circuits/bell.qasm: not valid JSON", "transpile", "--target", BELL, BELL),
        // bench
        bad(2, "missing benchmark", "bench"),
        bad(2, "Unmatched argument", "bench", "nosuch"),
        bad(2, "Unknown option: '--nosuch'", "bench", "simulator", "--nosuch"),
        bad(2, "--steps must be >= 1, got 0", "bench", "mamba", "--steps", "0"),
        bad(2, "--only: unknown configuration 'z'; choose from a,b,c", "bench", "mamba", "--only", "z"),
        bad(2, "--reps must be >= 1, got 0", "bench", "hqc", "--reps", "0"),
        // config
        bad(2, "missing subcommand: choose show", "config"),
        bad(2, "Unmatched argument", "config", "nosuch"),
        bad(2, "--shots must be >= 0", "config", "show", "--shots", "-1"),
        bad(2, "unknown backend 'nosuch'", "config", "show", "--backend", "nosuch"),
        // draw
        bad(2, "Missing required parameter: 'FILE.qasm'", "draw"),
        bad(2, "file not found: missing.qasm", "draw", "missing.qasm"),
        bad(2, "--width must be at least 10 characters, got 3", "draw", "--width", "3", BELL),
        bad(2, "'x' is not an int", "draw", "--width", "x", BELL),
        // help
        bad(2, "Unknown subcommand 'nosuch'", "help", "nosuch"));
  }

  private static Arguments bad(int code, String says, String... args) {
    return Arguments.of(String.join(" ", args), code, says, args.length == 1 && args[0].isEmpty() ? new String[0] : args);
  }

  @ParameterizedTest(name = "qssm {0}")
  @MethodSource("badInvocations")
  void oneLineNoStackTrace(String shown, int code, String says, String[] args) {
    var r = new Cli(Path.of(""), Qasm::parse).run(args);
    assertEquals(code, r.code(), r.toString());
    assertEquals("", r.out(), r.toString());
    assertEquals(1, r.err().lines().count(), r.toString());
    assertTrue(r.err().contains(says), r.toString());
    assertFalse(r.err().contains("Exception") || r.err().contains("at dev."), r.toString());
  }

  @Test
  void aWrongValueInTheEnvironmentIsAUsageError() {
    var r = new Cli(Path.of(""), Qasm::parse).env("QSSM_SHOTS", "-5").run("run", BELL);
    assertEquals(2, r.code(), r.toString());
    assertEquals("error: QSSM_SHOTS must be a whole number >= 0 (0 = exact), got \"-5\"", r.err().strip());
  }

  @Test
  void debugShowsTheStackTrace() {
    var r = new Cli(Path.of(""), Qasm::parse).run("--debug", "run", "missing.qasm");
    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().contains("error: file not found: missing.qasm"), r.toString());
    assertTrue(r.err().contains("at dev.qssm.cli."), r.toString());
  }
}
