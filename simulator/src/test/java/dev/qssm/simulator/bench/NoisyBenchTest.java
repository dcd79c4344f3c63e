package dev.qssm.simulator.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Smoke test: the quick noisy benchmark runs and prints complete tables (no timing assertions). */
class NoisyBenchTest {

  @Test
  void quickRunPrintsTheTables() {
    var bytes = new ByteArrayOutputStream();
    NoisyBench.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), true);
    var out = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(out.contains("Machine:"), out);
    assertTrue(out.contains("| trajectories |"), out);
    assertTrue(out.contains("| 6 | 4096 |"), out);
    assertFalse(out.contains("NaN") || out.contains("Infinity"), out);
  }
}
