package dev.qssm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qssm.qasm.Qasm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code qssm analyze} in-process on the exact backend, checked against analytic values. */
class AnalyzeCommandTest {
  @TempDir Path dir;
  private Cli cli;

  @BeforeEach
  void setUp() {
    cli = new Cli(dir, Qasm::parse);
  }

  private static double column(String line, int fromEnd) {
    var f = line.trim().split("\\s+");
    return Double.parseDouble(f[f.length - fromEnd]);
  }

  @Test
  void aGhzFileHasMaximalKlAndUnitEntanglement() throws IOException {
    // rz on |0> only adds a phase, so one output state: every fidelity 1, KL = (2^3 - 1) ln 10; GHZ: Q = 1
    Files.writeString(dir.resolve("ghz.qasm"), String.join("\n", "OPENQASM 3.0;", "include \"stdgates.inc\";",
        "input float[64] theta;", "qubit[3] q;", "bit[3] c;", "rz(theta) q[0];", "h q[0];", "cx q[0], q[1];", "cx q[1], q[2];",
        "c = measure q;", ""));
    var r = cli.run("analyze", "ghz.qasm", "--samples", "50", "--bins", "10", "--seed", "3");
    assertEquals(0, r.code(), r::toString);
    assertTrue(r.out().contains("50 fidelity pairs in 10 bins") && r.out().contains("seed 3"), r.out());
    var line = r.out().lines().filter(l -> l.startsWith("ghz.qasm")).findFirst().orElseThrow();
    // columns from the end: time, Q_sd, MW_Q, Haar_F, mean_F, KL_max, KL_floor, KL
    assertEquals(7 * Math.log(10), column(line, 8), 0.01);
    assertEquals(7 * Math.log(10), column(line, 6), 0.01);
    assertEquals(1.0, column(line, 5), 1e-4);
    assertEquals(1.0, column(line, 3), 1e-5);
    assertEquals(0.0, column(line, 2), 1e-5);
  }

  @Test
  void compareTabulatesLayersTimesEntanglersAndPlots() {
    var r = cli.run("analyze", "--qubits", "2", "--compare", "--samples", "300", "--plot", "a.png");
    assertEquals(0, r.code(), r::toString);
    var lines = r.out().lines().filter(l -> l.startsWith("Rot")).toList();
    assertEquals(12, lines.size(), r.out());
    // rotations alone make product states: Q = 0 exactly; a CNOT ring entangles
    lines.stream().filter(l -> l.startsWith("Rot only")).forEach(l -> assertEquals(0, column(l, 3), 1e-5, l));
    lines.stream().filter(l -> l.startsWith("Rot + CNOT ring")).forEach(l -> assertTrue(column(l, 3) > 0.2, l));
    assertTrue(r.err().contains("[12/12]"), r.err());
    assertTrue(Files.isRegularFile(dir.resolve("a.png")), "plot written");
  }

  @Test
  void theSameSeedPrintsTheSameFigures() {
    var a = cli.run("analyze", "--qubits", "3", "--layers", "1", "--samples", "200", "--seed", "9");
    var b = cli.run("analyze", "--qubits", "3", "--layers", "1", "--samples", "200", "--seed", "9");
    var figures = a.out().lines().filter(l -> l.startsWith("Rot")).findFirst().orElseThrow();
    var again = b.out().lines().filter(l -> l.startsWith("Rot")).findFirst().orElseThrow();
    // everything but the time column
    assertEquals(figures.substring(0, figures.lastIndexOf(' ')).strip(), again.substring(0, again.lastIndexOf(' ')).strip());
  }

  @Test
  void badOptionsAreUsageErrors() {
    var r = cli.run("analyze", "--entangler", "star");
    assertEquals(2, r.code(), r::toString);
    assertTrue(r.err().contains("--entangler must be ring, all-to-all-cz or none"), r.err());
    var s = cli.run("analyze", "--samples", "1");
    assertEquals(2, s.code(), s::toString);
    var m = cli.run("analyze", "missing.qasm");
    assertEquals(1, m.code(), m::toString);
    assertTrue(m.err().contains("cannot read missing.qasm"), m.err());
  }
}
