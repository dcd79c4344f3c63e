package dev.qssm.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qssm.backend.BackendConfig;
import dev.qssm.backend.BackendUnavailableException;
import dev.qssm.backend.Backends;
import dev.qssm.backend.Readout;
import dev.qssm.backend.Task;
import dev.qssm.backend.UnsupportedCircuitException;
import dev.qssm.circuit.Angle;
import dev.qssm.circuit.Circuit;
import dev.qssm.circuit.InvalidCircuitException;
import dev.qssm.circuit.Parameter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValidationTest {

  @Test
  void tooWideCircuitSaysWhatIsAllowed() {
    try (var b = dev.qssm.simulator.Backends.exact(Map.of("maxQubits", 5))) {
      var c = Circuit.builder(6).h(5).build();
      var e = assertThrows(UnsupportedCircuitException.class,
          () -> b.run(Task.builder(c).readout(Readout.probabilities(5)).build()));
      assertTrue(e.getMessage().contains("6 qubits") && e.getMessage().contains("at most 5"), e.getMessage());
      assertEquals(5, b.capabilities().maxQubits());
    }
  }

  @Test
  void validatesEveryTaskBeforeRunningAny() {
    try (var b = dev.qssm.simulator.Backends.exact(Map.of("maxQubits", 3))) {
      var ok = Task.builder(Circuit.builder(1).h(0).build()).readout(Readout.probabilities()).build();
      var wide = Task.builder(Circuit.builder(4).build()).readout(Readout.probabilities()).build();
      assertThrows(UnsupportedCircuitException.class, () -> b.run(List.of(ok, wide)));
    }
  }

  @Test
  void overflowingComputedAngleIsRejected() {
    var w = Parameter.weight("w");
    var c = Circuit.builder(1).rx(Angle.of(w, 1e300, 0), 0).build();
    var task = Task.builder(c).bindings(new double[] {1e10}).readout(Readout.probabilities()).build();
    try (var b = dev.qssm.simulator.Backends.standard()) {
      var e = assertThrows(InvalidCircuitException.class, () -> b.run(task));
      assertTrue(e.getMessage().contains("binding row 0") && e.getMessage().contains("must be finite"), e.getMessage());
      assertThrows(InvalidCircuitException.class,
          () -> b.vjp(List.of(task), java.util.Collections.singletonList(new double[][] {{1, 0}})));
    }
  }

  @Test
  void badOptionsNameTheOptionAndTheAllowedValues() {
    var e = assertThrows(BackendUnavailableException.class,
        () -> new ExactBackend(BackendConfig.of("exact", Map.of("threads", 0))));
    assertTrue(e.getMessage().contains("'threads' must be >= 1"), e.getMessage());
    e = assertThrows(BackendUnavailableException.class,
        () -> new ExactBackend(BackendConfig.of("exact", Map.of("fastPath", "sometimes"))));
    assertTrue(e.getMessage().contains("auto, always or never"), e.getMessage());
    e = assertThrows(BackendUnavailableException.class,
        () -> new ExactBackend(BackendConfig.of("exact", Map.of("maxQubits", 40))));
    assertTrue(e.getMessage().contains("<= 30"), e.getMessage());
  }

  @Test
  void providerIsDiscoveredByName() {
    var providers = Backends.discover(getClass().getClassLoader());
    assertTrue(providers.containsKey("exact"), providers.keySet().toString());
    var caps = providers.get("exact").capabilities(BackendConfig.of("exact"));
    assertTrue(caps.vjp() && caps.midCircuit() && caps.exact() && caps.shots());
    try (var b = providers.get("exact").create(BackendConfig.of("exact", Map.of("threads", 1)))) {
      assertEquals("exact", b.name());
      var r = b.run(Task.builder(Circuit.builder(1).x(0).build()).readout(Readout.probabilities()).build());
      assertEquals(1, r.values()[0][1], 0);
      assertEquals("exact", r.metadata().backend());
    }
  }
}
