package dev.qssm.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import dev.qssm.circuit.Circuit;
import dev.qssm.testkit.ReferenceBackend;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class BackendsTest {

  private static BackendProvider provider(String name) {
    return new BackendProvider() {
      @Override public String name() { return name; }
      @Override public String description() { return "test " + name; }
      @Override public Capabilities capabilities(BackendConfig config) { return new ReferenceBackend().capabilities(); }
      @Override public Backend create(BackendConfig config) { return new ReferenceBackend(); }
    };
  }

  @Test
  void unknownNameListsTheAvailableOnes() {
    var providers = new TreeMap<String, BackendProvider>(Map.of("exact", provider("exact"), "noisy", provider("noisy")));
    var e = assertThrows(BackendUnavailableException.class, () -> Backends.provider(providers, "qpu"));
    assertEquals("unknown backend 'qpu'; available: exact, noisy", e.getMessage());
    assertSame(providers.get("exact"), Backends.provider(providers, "exact"));
  }

  @Test
  void configMasksSecretsAndParsesOptions() {
    var json = JsonParser.parseString(
        "{\"name\":\"ibm\",\"token\":\"abc123\",\"shots\":\"1000\",\"seed\":7,\"nested\":{\"api_key\":\"k\"}}")
        .getAsJsonObject();
    var config = new BackendConfig("ibm", json);
    assertEquals(1000, config.shots());
    assertEquals(7, config.seed().getAsLong());
    assertTrue(!config.toString().contains("abc123") && !config.toString().contains("\"k\""), config.toString());
    assertEquals("abc123", config.getString("token", null));
    assertThrows(BackendUnavailableException.class, () -> BackendConfig.of(" "));
    var bad = BackendConfig.of("x", Map.of("shots", "many"));
    var e = assertThrows(BackendUnavailableException.class, bad::shots);
    assertTrue(e.getMessage().contains("'shots' must be a number"), e.getMessage());
  }

  @Test
  void capabilityCheckNamesWhatIsMissing() {
    var caps = Capabilities.builder().maxQubits(2).exact(false).midCircuit(false).build();
    var wide = Task.builder(Circuit.builder(3).h(2).build()).readout(Readout.probabilities()).shots(10).build();
    var e = assertThrows(UnsupportedCircuitException.class, () -> caps.check(wide, "toy"));
    assertEquals("backend 'toy': circuit has 3 qubits but the backend runs at most 2", e.getMessage());
    var exact = Task.builder(Circuit.builder(1).h(0).build()).readout(Readout.probabilities()).build();
    e = assertThrows(UnsupportedCircuitException.class, () -> caps.check(exact, "toy"));
    assertTrue(e.getMessage().contains("shots > 0"), e.getMessage());
    var mid = Task.builder(Circuit.builder(1).h(0).reset(0).h(0).build()).readout(Readout.probabilities()).shots(5).build();
    e = assertThrows(UnsupportedCircuitException.class, () -> caps.check(mid, "toy"));
    assertTrue(e.getMessage().contains("mid-circuit"), e.getMessage());
  }
}
