package dev.qssm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.qssm.circuit.Angle;
import dev.qssm.circuit.Circuit;
import dev.qssm.circuit.Gate;
import dev.qssm.circuit.Parameter;
import dev.qssm.qasm.QasmException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line in-process, on the test-only "reference" and "sampler" providers. OpenQASM
 * import is replaced by a lookup from file content to a circuit built in Java; the same commands
 * on real programs and the real simulator are in {@link RunCommandEndToEndTest}.
 */
class MainTest {
  private static final Map<String, Supplier<Circuit>> PROGRAMS = Map.of(
      "x0", () -> Circuit.builder(2).x(0).build(),
      "bell", () -> Circuit.builder(2).classicalRegister("c", 2).h(0).cx(0, 1).measure(0, 0).measure(1, 1).build(),
      "crossed", () -> Circuit.builder(2).classicalRegister("c", 3).x(1).measure(1, 2).build(),
      "ry", () -> Circuit.builder(1).classicalRegister("c", 1).ry(Parameter.input("theta"), 0).measure(0, 0).build(),
      "two", () -> Circuit.builder(1).rx(Parameter.input("alpha"), 0).ry(Parameter.input("beta"), 0).build(),
      "range", () -> Circuit.builder(2).cx(0, 5).build(),
      // examples/circuits/crz.qasm, built by hand: checks the distribution its comment promises
      "crz", () -> Circuit.builder(3).classicalRegister("c", 3).h(0).h(1)
          .gate(Gate.CRZ, List.of(Angle.constant(Math.PI / 2)), 0, 1).h(1)
          .controlled(new int[] {1}, new boolean[] {true}, Gate.RY, List.of(Angle.constant(2 * Math.PI / 3)), 2)
          .measure(0, 0).measure(1, 1).measure(2, 2).build(),
      "badsyntax", () -> {
        throw new QasmException(3, 5, "unknown gate 'hh'");
      },
      "bug", () -> {
        throw new IllegalStateException("parser bug");
      });

  @TempDir Path dir;
  private Cli cli;

  @BeforeEach
  void setUp() throws IOException {
    for (var name : PROGRAMS.keySet()) {
      Files.writeString(dir.resolve(name + ".qasm"), name);
    }
    cli = new Cli(dir, source -> {
      var program = PROGRAMS.get(source.strip());
      if (program == null) {
        throw new QasmException(1, 1, "no such test program");
      }
      return program.get();
    });
  }

  private static JsonObject json(Cli.Result r) {
    assertEquals(0, r.code(), r::toString);
    assertEquals("", r.err(), r::toString);
    return JsonParser.parseString(r.out()).getAsJsonObject();
  }

  private static void assertUsageError(Cli.Result r, String expectedStart) {
    assertEquals(2, r.code(), r::toString);
    assertEquals("", r.out(), r::toString);
    assertTrue(r.err().startsWith(expectedStart), r::toString);
    assertEquals(1, r.err().lines().count(), r::toString);
  }

  private static void assertError(Cli.Result r, String expectedLine) {
    assertEquals(1, r.code(), r::toString);
    assertEquals("", r.out(), r::toString);
    assertEquals(expectedLine + System.lineSeparator(), r.err(), r::toString);
  }

  @Test
  void runPrintsExactProbabilitiesOfAllQubitsWithQubitZeroRightmost() {
    var r = cli.run("run", "--backend", "reference", "x0.qasm");
    assertEquals(0, r.code(), r::toString);
    assertEquals("{\"backend\":\"reference\",\"probabilities\":{\"01\":1.0}}" + System.lineSeparator(), r.out());
    assertEquals("", r.err());
  }

  @Test
  void measuredProgramsAreKeyedByTheirClassicalBits() {
    // qubit 1 is measured into clbit 2 of a 3-bit register: key "100", not the qubit order "10"
    var r = cli.run("run", "--backend", "reference", "crossed.qasm");
    assertEquals("{\"backend\":\"reference\",\"probabilities\":{\"100\":1.0}}", r.json(), r::toString);

    var bell = json(cli.run("run", "--backend", "reference", "bell.qasm")).getAsJsonObject("probabilities");
    assertEquals(new ArrayList<>(bell.keySet()), List.of("00", "11"));
    assertEquals(0.5, bell.get("00").getAsDouble(), 1e-12);
    assertEquals(0.5, bell.get("11").getAsDouble(), 1e-12);
  }

  @Test
  void controlledRotationsGiveTheDistributionTheSampleProgramDocuments() {
    var p = json(cli.run("run", "--backend", "reference", "crz.qasm")).getAsJsonObject("probabilities");
    assertEquals(List.of("000", "001", "011", "111"), new ArrayList<>(p.keySet()));
    assertEquals(0.5, p.get("000").getAsDouble(), 1e-12);
    assertEquals(0.25, p.get("001").getAsDouble(), 1e-12);
    assertEquals(0.0625, p.get("011").getAsDouble(), 1e-12);
    assertEquals(0.1875, p.get("111").getAsDouble(), 1e-12);
  }

  @Test
  void parametersAreBoundByNameAndUnboundOnesAreNamed() {
    var p = json(cli.run("run", "--backend", "reference", "--param", "theta=" + Math.PI / 3, "ry.qasm"))
        .getAsJsonObject("probabilities");
    assertEquals(0.75, p.get("0").getAsDouble(), 1e-12);
    assertEquals(0.25, p.get("1").getAsDouble(), 1e-12);

    assertUsageError(cli.run("run", "--backend", "reference", "two.qasm"),
        "error: unbound parameter(s) alpha, beta: give each a value with --param NAME=VALUE");
    assertUsageError(cli.run("run", "--backend", "reference", "--param", "beta=1", "two.qasm"),
        "error: unbound parameter(s) alpha: give each a value with --param NAME=VALUE");
    assertUsageError(cli.run("run", "--backend", "reference", "--param", "phi=1", "ry.qasm"),
        "error: --param phi: the circuit has no parameter of that name; its parameters: theta");
    assertUsageError(cli.run("run", "--backend", "reference", "--param", "phi=1", "x0.qasm"),
        "error: --param phi: the circuit has no parameter of that name; it has none");
    assertUsageError(cli.run("run", "--param", "theta", "ry.qasm"), "Value for option ");
    assertUsageError(cli.run("run", "--param", "theta=abc", "ry.qasm"), "Invalid value for option '--param'");
  }

  @Test
  void seededShotsAreReproducibleAndAddUp() {
    var a = cli.run("run", "--backend", "sampler", "--shots", "1000", "--seed", "7", "bell.qasm");
    var b = cli.run("run", "--backend", "sampler", "--shots", "1000", "--seed", "7", "bell.qasm");
    assertEquals(a.out(), b.out());
    assertTrue(a.json().startsWith("{\"backend\":\"sampler\",\"shots\":1000,\"seed\":7,\"counts\":{\"00\":"), a::toString);
    var counts = json(a).getAsJsonObject("counts");
    assertEquals(java.util.Set.of("00", "11"), counts.keySet());
    int n00 = counts.get("00").getAsInt();
    assertEquals(1000, n00 + counts.get("11").getAsInt());
    assertTrue(Math.abs(n00 - 500) < 80, "00 drawn " + n00 + " times in 1000 shots of a fair coin");

    var other = cli.run("run", "--backend", "sampler", "--shots", "1000", "--seed", "8", "bell.qasm");
    assertNotEquals(a.out(), other.out());
  }

  @Test
  void anUnseededRunPrintsTheSeedItUsedSoItCanBeRepeated() {
    var first = json(cli.run("run", "--backend", "sampler", "--shots", "200", "bell.qasm"));
    long seed = first.get("seed").getAsLong();
    var again = json(cli.run("run", "--backend", "sampler", "--shots", "200", "--seed", Long.toString(seed), "bell.qasm"));
    assertEquals(first, again);
  }

  @Test
  void backendsThatCannotSampleRefuseShots() {
    var r = cli.run("run", "--backend", "reference", "--shots", "10", "bell.qasm");
    assertEquals(1, r.code(), r::toString);
    assertTrue(r.err().startsWith("error: backend 'reference': sampling with shots is not supported"), r::toString);
  }

  @Test
  void flagsBeatEnvironmentWhichBeatsTheConfigFile() throws IOException {
    Files.writeString(dir.resolve("cfg.json"), "{\"backend\": {\"name\": \"sampler\", \"shots\": 100, \"seed\": 3}}");
    var fromFile = json(cli.run("run", "--config", "cfg.json", "bell.qasm"));
    assertEquals("sampler", fromFile.get("backend").getAsString());
    assertEquals(100, fromFile.get("shots").getAsInt());
    assertEquals(3, fromFile.get("seed").getAsInt());

    cli.env("QSSM_SHOTS", "300");
    var fromEnv = json(cli.run("--config", "cfg.json", "run", "bell.qasm")); // --config before the command
    assertEquals(300, fromEnv.get("shots").getAsInt());
    assertEquals(3, fromEnv.get("seed").getAsInt());

    cli.property("qssm.seed", "5");
    assertEquals(5, json(cli.run("run", "--config", "cfg.json", "bell.qasm")).get("seed").getAsInt());

    var fromFlags = cli.run("run", "--config", "cfg.json", "--shots", "0", "--backend", "reference", "x0.qasm");
    assertEquals("{\"backend\":\"reference\",\"probabilities\":{\"01\":1.0}}", fromFlags.json(), fromFlags::toString);
  }

  @Test
  void qssmJsonInTheWorkingDirectoryIsUsedWithoutFlags() throws IOException {
    Files.writeString(dir.resolve("qssm.json"), "{\"backend\": \"reference\"}");
    assertEquals("{\"backend\":\"reference\",\"probabilities\":{\"01\":1.0}}", cli.run("run", "x0.qasm").json());
    cli.env("QSSM_BACKEND", "sampler");
    assertEquals("{\"backend\":\"sampler\",\"probabilities\":{\"01\":1.0}}", cli.run("run", "x0.qasm").json());
  }

  @Test
  void unknownBackendListsTheInstalledOnesBeforeReadingTheFile() {
    var r = cli.run("run", "--backend", "nope", "missing.qasm");
    assertEquals(2, r.code(), r::toString);
    assertTrue(r.err().startsWith("error: unknown backend 'nope'; available: "), r::toString);
    assertTrue(r.err().contains("reference") && r.err().contains("sampler"), r::toString);
    assertEquals(1, r.err().lines().count(), r::toString);
  }

  @Test
  void fileProblemsAreReportedWithTheFileName() throws IOException {
    assertUsageError(cli.run("run", "--backend", "reference", "missing.qasm"), "error: file not found: missing.qasm");
    Files.createDirectory(dir.resolve("folder.qasm"));
    assertUsageError(cli.run("run", "--backend", "reference", "folder.qasm"),
        "error: cannot read folder.qasm: it is a directory");
    assertError(cli.run("run", "--backend", "reference", "badsyntax.qasm"),
        "error: badsyntax.qasm:3:5: unknown gate 'hh'");
  }

  @Test
  void invalidCircuitsAreErrorsNotCrashes() {
    var r = cli.run("run", "--backend", "reference", "range.qasm");
    assertEquals(1, r.code(), r::toString);
    assertTrue(r.err().startsWith("error: range.qasm: qubit 5 out of range"), r::toString);
    assertFalse(r.err().contains("\tat "), r::toString);
  }

  @Test
  void malformedConfigIsReportedWithLineAndColumn() throws IOException {
    Files.writeString(dir.resolve("qssm.json"), "{\n  \"backend\": {\"name\": \"reference\",}\n}\n");
    var r = cli.run("run", "x0.qasm");
    assertEquals(2, r.code(), r::toString);
    var expected = "error: malformed JSON in config file " + dir.resolve("qssm.json") + " at line 2, column ";
    assertTrue(r.err().startsWith(expected), r::toString);
  }

  @Test
  void debugShowsTheMaskedConfigurationAndStackTraces() {
    cli.env("QSSM_BACKEND_TOKEN", "s3cr3t");
    var quiet = cli.run("run", "--backend", "reference", "missing.qasm");
    assertFalse(quiet.err().contains("\tat "), quiet::toString);

    var debug = cli.run("--debug", "run", "--backend", "reference", "missing.qasm");
    assertEquals(2, debug.code());
    assertTrue(debug.err().contains("configuration: QssmConfig(backend=BackendConfig(reference, {\"token\":\"***\"})"),
        debug::toString);
    assertTrue(debug.err().contains("error: file not found: missing.qasm"), debug::toString);
    assertTrue(debug.err().contains("\tat dev.qssm.cli.RunCommand"), debug::toString);
    assertFalse(debug.err().contains("s3cr3t"), debug::toString);

    var after = cli.run("run", "--backend", "reference", "x0.qasm"); // logging is quiet again
    assertEquals("", after.err(), after::toString);
  }

  @Test
  void unexpectedFailuresSayHowToSeeTheStackTrace() {
    assertError(cli.run("run", "--backend", "reference", "bug.qasm"),
        "error: unexpected java.lang.IllegalStateException: parser bug (run with --debug for the stack trace)");
  }

  @Test
  void wrongFlagsAndValuesAreOneLineAndExitCodeTwo() {
    assertUsageError(cli.run("run", "--shotz", "5", "x0.qasm"), "Unknown option: '--shotz'");
    assertUsageError(cli.run("run", "--shots", "-1", "x0.qasm"), "--shots must be >= 0 (0 = exact), got -1");
    assertUsageError(cli.run("run", "--shots", "many", "x0.qasm"), "Invalid value for option '--shots'");
    assertUsageError(cli.run("run", "--seed", "1.5", "x0.qasm"), "Invalid value for option '--seed'");
    assertUsageError(cli.run("run"), "Missing required parameter: 'FILE.qasm'");
    assertUsageError(cli.run(), "missing command: choose analyze, backends, bench, compare, config, demo, draw, eval,"
        + " generate, help, noise-study, run, train, transpile");
    assertUsageError(cli.run("frobnicate"), "Unmatched argument at index 0: 'frobnicate'");
    assertUsageError(cli.run("bench"), "missing benchmark: choose hqc, mamba, noisy, qlam, qmamba, qrnn, simulator, strange");
    assertUsageError(cli.run("backends", "--jsn"), "Unknown option: '--jsn'; did you mean --json?");
  }

  @Test
  void helpGoesToStdout() {
    var r = cli.run("run", "--help");
    assertEquals(0, r.code());
    assertTrue(r.out().startsWith("Usage: qssm run "), r::toString);
    assertEquals("", r.err());
  }

  @Test
  void backendsListsEveryProviderWithItsCapabilities() {
    var r = cli.run("backends");
    assertEquals(0, r.code(), r::toString);
    var lines = r.out().lines().toList();
    int i = lines.indexOf(lines.stream().filter(l -> l.startsWith("sampler ")).findFirst().orElseThrow());
    assertTrue(lines.get(i).endsWith("Reference statevector sampled with shots (tests only)"), r::toString);
    assertEquals("exact, shots, up to 8 qubits, gates x h ry cx, tolerance 1e-12", lines.get(i + 1).strip());
    var ref = lines.indexOf(lines.stream().filter(l -> l.startsWith("reference ")).findFirst().orElseThrow());
    assertEquals("exact, up to 16 qubits, all gates, ctrl/negctrl modifiers, amplitude encoding, tolerance 1e-12",
        lines.get(ref + 1).strip());
  }

  @Test
  void backendsAsJson() {
    var root = json(cli.run("backends", "--json"));
    JsonObject sampler = null;
    for (var e : root.getAsJsonArray("backends")) {
      if (e.getAsJsonObject().get("name").getAsString().equals("sampler")) {
        sampler = e.getAsJsonObject();
      }
    }
    assertTrue(sampler != null, root::toString);
    var caps = sampler.getAsJsonObject("capabilities");
    assertEquals(8, caps.get("maxQubits").getAsInt());
    assertTrue(caps.get("shots").getAsBoolean());
    assertFalse(caps.get("controlModifiers").getAsBoolean());
    assertEquals("[\"x\",\"h\",\"ry\",\"cx\"]", caps.get("gates").toString());
  }
}
