package dev.qssm.strange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qssm.backend.BackendConfig;
import dev.qssm.backend.BackendUnavailableException;
import dev.qssm.backend.Backends;
import dev.qssm.backend.Readout;
import dev.qssm.backend.Task;
import dev.qssm.circuit.Circuit;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StrangeBackendOptionsTest {
  @Test
  void capabilitiesStateWhatStrangeCannotDo() {
    var caps = Backends.create(BackendConfig.of("strange")).capabilities();
    assertEquals(StrangeBackend.DEFAULT_MAX_QUBITS, caps.maxQubits());
    assertFalse(caps.midCircuit(), "no collapse, no reset");
    assertFalse(caps.noise());
    assertFalse(caps.vjp(), "gradients come from parameter shift");
    assertTrue(caps.tolerance() >= 1e-6, "float32 amplitudes cannot promise double precision");
  }

  @Test
  void maxQubitsOptionIsHonouredAndBounded() {
    var wide = Backends.create(BackendConfig.of("strange", Map.of("maxQubits", 16)));
    assertEquals(16, wide.capabilities().maxQubits());
    var e = assertThrows(BackendUnavailableException.class,
        () -> Backends.create(BackendConfig.of("strange", Map.of("maxQubits", 30))));
    assertTrue(e.getMessage().contains("maxQubits") && e.getMessage().contains("24"), e.getMessage());
  }

  @Test
  void configuredSeedMakesUnseededShotsReproducible() {
    var task = Task.builder(Circuit.builder(2).h(0).h(1).build()).readout(Readout.probabilities()).shots(500).build();
    var a = Backends.create(BackendConfig.of("strange", Map.of("seed", 11))).run(task);
    var b = Backends.create(BackendConfig.of("strange", Map.of("seed", 11))).run(task);
    assertEquals(a.metadata().seed(), b.metadata().seed());
    org.junit.jupiter.api.Assertions.assertArrayEquals(a.values()[0], b.values()[0], 0);
  }

  @Test
  void aCircuitTooDeepForTheHeapIsRefusedUpFront() {
    var b = Circuit.builder(24);
    int depth = (int) Math.min(Integer.MAX_VALUE - 1, Runtime.getRuntime().maxMemory() / (28L << 24)) + 2;
    for (int i = 0; i < depth; i++) {
      b.cx(0, 1);
    }
    var task = Task.builder(b.build()).readout(Readout.probabilities(0)).build();
    var backend = Backends.create(BackendConfig.of("strange", Map.of("maxQubits", 24)));
    var e = assertThrows(dev.qssm.backend.UnsupportedCircuitException.class, () -> backend.run(task));
    assertTrue(e.getMessage().contains("heap"), e.getMessage());
  }
}
