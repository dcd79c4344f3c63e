package dev.qssm.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.qssm.circuit.Circuit;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeedPolicyTest {
  private final Circuit circuit = Circuit.builder(1).h(0).build();
  private final Task exact = Task.builder(circuit).readout(Readout.probabilities()).build();
  private final Task unseeded = Task.builder(circuit).readout(Readout.probabilities()).shots(10).build();
  private final Task seeded = Task.builder(circuit).readout(Readout.probabilities()).shots(10).seed(42).build();

  @Test
  void exactTasksDrawNoSeed() {
    assertNull(SeedPolicy.of(BackendConfig.of("x", Map.of("seed", 1))).seedFor(exact));
  }

  @Test
  void theTasksOwnSeedWins() {
    assertEquals(42L, SeedPolicy.of(BackendConfig.of("x", Map.of("seed", 1))).seedFor(seeded));
    assertEquals(42L, SeedPolicy.of(BackendConfig.of("x")).seedFor(seeded));
  }

  @Test
  void aConfiguredSeedMakesAWholeRunReproducible() {
    var a = SeedPolicy.of(BackendConfig.of("x", Map.of("seed", 7)));
    var b = SeedPolicy.of(BackendConfig.of("x", Map.of("seed", 7)));
    long first = a.seedFor(unseeded);
    assertEquals(first, b.seedFor(unseeded));
    assertNotEquals(first, a.seedFor(unseeded), "successive tasks get successive seeds");
    assertNotEquals(first, SeedPolicy.of(BackendConfig.of("x", Map.of("seed", 8))).seedFor(unseeded));
  }

  @Test
  void withoutAnySeedAFreshOneIsDrawn() {
    assertNotNull(SeedPolicy.of(BackendConfig.of("x")).seedFor(unseeded));
  }
}
