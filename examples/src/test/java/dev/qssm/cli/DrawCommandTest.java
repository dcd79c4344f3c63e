package dev.qssm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qssm.qasm.Qasm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** {@code qssm draw} on the sample programs in {@code examples/circuits}, with the real importer. */
class DrawCommandTest {
  // surefire runs in the module directory, so circuits/ is examples/circuits
  private final Cli cli = new Cli(Path.of(""), Qasm::parse);

  @Test
  void bell() {
    var r = cli.run("draw", "circuits/bell.qasm");
    assertEquals(0, r.code(), r.toString());
    assertEquals("""
        q0: ─H──●──M→c[0]─
                │
        q1: ────X──M→c[1]─
        """, r.out());
    assertEquals("", r.err());
  }

  @Test
  void widthFolds() {
    var r = cli.run("draw", "--width", "30", "circuits/crz.qasm");
    assertEquals(0, r.code(), r.toString());
    assertEquals("""
        q0: ─H─────●──────M→c[0]─»
                   │
        q1: ─H──RZ(pi/2)────H────»

        q2: ─────────────────────»

        q0: «───────────────────

        q1: «─────●──────M→c[1]─
                  │
        q2: «─RY(2pi/3)──M→c[2]─
        """, r.out());
  }

  static Stream<Path> programs() throws IOException {
    try (var files = Files.list(Path.of("circuits"))) {
      var list = files.filter(p -> p.toString().endsWith(".qasm")).sorted().toList();
      assertFalse(list.isEmpty(), "no programs in examples/circuits");
      return list.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("programs")
  void everySampleProgramDraws(Path program) throws IOException {
    var r = cli.run("draw", program.toString());
    assertEquals(0, r.code(), r.toString());
    int qubits = Qasm.parse(Files.readString(program)).numQubits();
    var lines = r.out().split("\n", -1);
    assertEquals(2 * qubits, lines.length, r.out()); // wires, the lines between them, a final break
    for (int q = 0; q < qubits; q++) {
      assertTrue(lines[2 * q].startsWith("q" + q + ": ─"), lines[2 * q]);
    }
  }
}
