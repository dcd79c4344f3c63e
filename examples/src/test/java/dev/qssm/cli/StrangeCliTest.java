package dev.qssm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import dev.qssm.qasm.Qasm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code qssm backends} lists strange, and {@code qssm run --backend strange} runs real programs on it. */
class StrangeCliTest {
  @TempDir Path tmp;

  private final Cli cli = new Cli(Path.of(""), Qasm::parse);

  @Test
  void backendsListsStrange() {
    var r = cli.run("backends");
    assertEquals(0, r.code(), r::toString);
    assertTrue(r.out().lines().anyMatch(l -> l.startsWith("strange ")), r::toString);
  }

  @Test
  void crzProgramRunsOnStrange() {
    var r = cli.run("run", "--backend", "strange", "circuits/crz.qasm");
    assertEquals(0, r.code(), r::toString);
    var root = JsonParser.parseString(r.out()).getAsJsonObject();
    assertEquals("strange", root.get("backend").getAsString());
    var p = root.getAsJsonObject("probabilities");
    assertEquals(0.5, p.get("000").getAsDouble(), 1e-5);
    assertEquals(0.25, p.get("001").getAsDouble(), 1e-5);
    assertEquals(0.0625, p.get("011").getAsDouble(), 1e-5);
    assertEquals(0.1875, p.get("111").getAsDouble(), 1e-5);
  }

  @Test
  void rzBetweenHadamardsIsHalfOnStrange() throws IOException {
    var file = Files.writeString(tmp.resolve("rz.qasm"), """
        OPENQASM 3.0;
        include "stdgates.inc";
        qubit[1] q;
        h q[0];
        rz(pi/2) q[0];
        h q[0];
        """);
    var r = cli.run("run", "--backend", "strange", file.toString());
    assertEquals(0, r.code(), r::toString);
    var p = JsonParser.parseString(r.out()).getAsJsonObject().getAsJsonObject("probabilities");
    assertEquals(0.5, p.get("0").getAsDouble(), 1e-5);
    assertEquals(0.5, p.get("1").getAsDouble(), 1e-5);
  }

  @Test
  void midCircuitMeasurementIsRefusedWithAClearError() throws IOException {
    var file = Files.writeString(tmp.resolve("mid.qasm"), """
        OPENQASM 3.0;
        include "stdgates.inc";
        qubit[1] q;
        bit[2] c;
        h q[0];
        c[0] = measure q[0];
        h q[0];
        c[1] = measure q[0];
        """);
    var r = cli.run("run", "--backend", "strange", file.toString());
    assertEquals(1, r.code(), r::toString);
    assertTrue(r.err().contains("mid-circuit"), r::toString);
  }
}
