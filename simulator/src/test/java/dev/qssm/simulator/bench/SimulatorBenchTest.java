package dev.qssm.simulator.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Smoke test: the quick benchmark runs and prints complete tables (no timing assertions). */
class SimulatorBenchTest {

  @Test
  void quickRunPrintsTheTables() {
    var bytes = new ByteArrayOutputStream();
    SimulatorBench.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), true);
    var out = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(out.contains("Machine:"), out);
    for (var gate : new String[] {"rx", "h", "cx", "rxx"}) {
      assertTrue(out.contains("| 10 | " + gate + " |"), out);
    }
    assertTrue(out.contains("real matrix product"), out);
    assertTrue(out.contains("quantum, matrix-product path"), out);
    assertTrue(out.contains("quantum, gate path"), out);
    assertFalse(out.contains("NaN") || out.contains("Infinity"), out);
  }
}
