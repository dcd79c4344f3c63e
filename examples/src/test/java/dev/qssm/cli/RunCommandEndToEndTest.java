package dev.qssm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.qssm.qasm.Qasm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code qssm run} on the sample programs in {@code examples/circuits}, with the real OpenQASM
 * importer and the real {@code exact} simulator (the default backend). Needs the qasm-import and
 * simulator work to be merged; everything else about the command is covered by {@link MainTest}.
 */
class RunCommandEndToEndTest {
  @TempDir Path tmp;

  // surefire runs in the module directory, so circuits/ is examples/circuits
  private final Cli cli = new Cli(Path.of(""), Qasm::parse);

  private static JsonObject probabilities(Cli.Result r) {
    assertEquals(0, r.code(), r::toString);
    assertEquals("", r.err(), r::toString);
    var root = JsonParser.parseString(r.out()).getAsJsonObject();
    assertEquals("exact", root.get("backend").getAsString());
    return root.getAsJsonObject("probabilities");
  }

  private static void assertDistribution(Map<String, Double> expected, JsonObject actual) {
    assertEquals(new ArrayList<>(new java.util.TreeMap<>(expected).keySet()), new ArrayList<>(actual.keySet()));
    expected.forEach((k, v) -> assertEquals(v, actual.get(k).getAsDouble(), 1e-12, k));
  }

  @Test
  void bellIsHalfAndHalfOnTheDefaultExactBackend() {
    var r = cli.run("run", "circuits/bell.qasm");
    assertDistribution(Map.of("00", 0.5, "11", 0.5), probabilities(r));
    assertTrue(r.out().startsWith("{\"backend\":\"exact\",\"probabilities\":{\"00\":"), r::toString);
  }

  @Test
  void ghz3() {
    assertDistribution(Map.of("000", 0.5, "111", 0.5), probabilities(cli.run("run", "circuits/ghz3.qasm")));
  }

  @Test
  void ryOfPiOverThreeGivesOneQuarter() {
    assertDistribution(Map.of("0", 0.75, "1", 0.25), probabilities(cli.run("run", "circuits/ry.qasm")));
  }

  @Test
  void crzAndCtrlModifier() {
    assertDistribution(Map.of("000", 0.5, "001", 0.25, "011", 0.0625, "111", 0.1875),
        probabilities(cli.run("run", "circuits/crz.qasm")));
  }

  @Test
  void unmeasuredProgramsReportAllQubitsAndInputsAreBoundWithParam() throws IOException {
    var file = Files.writeString(tmp.resolve("input.qasm"), """
        OPENQASM 3.0;
        include "stdgates.inc";
        input float[64] theta;
        qubit[2] q;
        x q[1];
        ry(theta) q[0];
        """);
    var r = cli.run("run", "--param", "theta=" + Math.PI / 3, file.toString());
    assertDistribution(Map.of("10", 0.75, "11", 0.25), probabilities(r));

    var unbound = cli.run("run", file.toString());
    assertEquals(2, unbound.code(), unbound::toString);
    assertEquals("error: unbound parameter(s) theta: give each a value with --param NAME=VALUE",
        unbound.err().strip());
  }

  @Test
  void seededShotsAreReproducible() {
    var a = cli.run("run", "--shots", "1000", "--seed", "7", "circuits/bell.qasm");
    var b = cli.run("run", "--shots", "1000", "--seed", "7", "circuits/bell.qasm");
    assertEquals(0, a.code(), a::toString);
    assertEquals(a.out(), b.out());
    assertTrue(a.out().startsWith("{\"backend\":\"exact\",\"shots\":1000,\"seed\":7,\"counts\":{"), a::toString);
    var counts = JsonParser.parseString(a.out()).getAsJsonObject().getAsJsonObject("counts");
    assertTrue(List.of("00", "11").containsAll(counts.keySet()), counts::toString);
    int total = counts.entrySet().stream().mapToInt(e -> e.getValue().getAsInt()).sum();
    assertEquals(1000, total);
  }

  @Test
  void unknownBackendListsTheInstalledNames() {
    var r = cli.run("run", "--backend", "nope", "circuits/bell.qasm");
    assertEquals(2, r.code(), r::toString);
    assertTrue(r.err().startsWith("error: unknown backend 'nope'; available: "), r::toString);
    assertTrue(r.err().contains("exact"), r::toString);
  }

  @Test
  void malformedQasmShowsFileLineAndColumn() throws IOException {
    var file = Files.writeString(tmp.resolve("bad.qasm"), """
        OPENQASM 3.0;
        include "stdgates.inc";
        qubit[1] q;
        hh q[0];
        """);
    var r = cli.run("run", file.toString());
    assertEquals(1, r.code(), r::toString);
    assertTrue(r.err().matches("(?s)error: " + java.util.regex.Pattern.quote(file.toString()) + ":4:\\d+: .*hh.*"),
        r::toString);
    assertFalse(r.err().contains("\tat "), r::toString);
  }

  @Test
  void qubitOutOfRangeIsAnError() throws IOException {
    var file = Files.writeString(tmp.resolve("oob.qasm"), """
        OPENQASM 3.0;
        include "stdgates.inc";
        qubit[2] q;
        h q[2];
        """);
    var r = cli.run("run", file.toString());
    assertEquals(1, r.code(), r::toString);
    assertTrue(r.err().startsWith("error: " + file), r::toString);
    assertTrue(r.err().contains("out of range") || r.err().contains("out of bounds"), r::toString);
    assertFalse(r.err().contains("\tat "), r::toString);
  }

  @Test
  void backendOptionsReachTheBackend() {
    var r = cli.run("run", "--backend", "exact", "-o", "maxQubits=1", "circuits/bell.qasm");
    assertEquals(1, r.code(), r::toString);
    assertTrue(r.err().contains("circuit has 2 qubits but the backend runs at most 1"), r::toString);
  }
}
