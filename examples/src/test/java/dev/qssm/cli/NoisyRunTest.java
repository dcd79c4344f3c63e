package dev.qssm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import dev.qssm.qasm.Qasm;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code qssm run --backend noisy} with noise given as {@code -o} options. */
class NoisyRunTest {
  private final Cli cli = new Cli(Path.of(""), Qasm::parse);

  private Cli.Result run(String seed) {
    return cli.run("run", "--backend", "noisy", "-o", "noise.depolarizing=0.01", "-o", "noise.readout=0.02",
        "--shots", "1000", "--seed", seed, "circuits/bell.qasm");
  }

  @Test
  void noiseFromOptionsGivesSeededReproducibleCounts() {
    var a = run("7");
    assertEquals(0, a.code(), a::toString);
    assertEquals(a.out(), run("7").out());
    assertNotEquals(a.out(), run("8").out());
    var root = JsonParser.parseString(a.out()).getAsJsonObject();
    assertEquals("noisy", root.get("backend").getAsString());
    var counts = root.getAsJsonObject("counts");
    int total = counts.entrySet().stream().mapToInt(e -> e.getValue().getAsInt()).sum();
    assertEquals(1000, total);
    // readout error and depolarizing put some shots on 01 and 10
    int odd = (counts.has("01") ? counts.get("01").getAsInt() : 0) + (counts.has("10") ? counts.get("10").getAsInt() : 0);
    assertTrue(odd > 0 && odd < 150, a.out());
  }

  @Test
  void badNoiseOptionIsReportedByName() {
    var r = cli.run("run", "--backend", "noisy", "-o", "noise.depolarizing=2", "circuits/bell.qasm");
    assertNotEquals(0, r.code());
    assertTrue(r.err().contains("depolarizing"), r::toString);
  }
}
