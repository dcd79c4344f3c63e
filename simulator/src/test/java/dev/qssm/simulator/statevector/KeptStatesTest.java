package dev.qssm.simulator.statevector;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qssm.backend.BackendConfig;
import dev.qssm.backend.Readout;
import dev.qssm.backend.Task;
import dev.qssm.circuit.Circuit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The forward states kept for backward passes: the newest entries stay, whatever was left behind. */
class KeptStatesTest {
  private static final Circuit CIRCUIT = Circuit.builder(1).rx(0.3, 0).build();

  /** A kept entry of about {@code kib} KiB for a fresh task. */
  private static FastPath.Saved entry(int kib) {
    var task = Task.builder(CIRCUIT).readout(Readout.probabilities()).build();
    int rows = kib * 1024 / 16 / 8;
    return new FastPath.Saved(task, task.bindings(), List.of(), List.of(), new double[rows][8], new double[rows][8]);
  }

  @Test
  void newEntriesPushOutTheOldestWhenTheBudgetIsFull() {
    var engine = new StatevectorEngine(BackendConfig.of("exact", Map.of()));
    engine.keptBudget = 100 * 1024;
    assertTrue(engine.mayKeep(50 * 1024));
    assertFalse(engine.mayKeep(51 * 1024), "one entry may take at most half the budget");
    // forward passes whose backward pass never comes (an evaluation) fill the budget ...
    var stale = new FastPath.Saved[5];
    for (int i = 0; i < stale.length; i++) {
      stale[i] = entry(30);
      engine.keep(stale[i]);
    }
    // ... and a training step's forward passes must still be kept
    var a = entry(30);
    var b = entry(30);
    engine.keep(a);
    engine.keep(b);
    assertSame(b, engine.kept(b.task()));
    assertSame(a, engine.kept(a.task()));
    assertNull(engine.kept(a.task()), "a backward pass takes its entry out");
    assertNull(engine.kept(stale[0].task()), "the oldest entries made room");
    assertNotNull(engine.kept(stale[4].task()), "the newest stale entry fits next to a and b");
  }

  @Test
  void atMostSixteenEntriesAreKept() {
    var engine = new StatevectorEngine(BackendConfig.of("exact", Map.of()));
    var entries = new FastPath.Saved[17];
    for (int i = 0; i < entries.length; i++) {
      entries[i] = entry(1);
      engine.keep(entries[i]);
    }
    assertNull(engine.kept(entries[0].task()));
    for (int i = 1; i < entries.length; i++) {
      assertSame(entries[i], engine.kept(entries[i].task()));
    }
  }
}
