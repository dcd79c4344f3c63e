package org.example.qssm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qssm.backend.BackendConfig;
import dev.qssm.backend.BackendUnavailableException;
import dev.qssm.backend.Backends;
import dev.qssm.backend.Readout;
import dev.qssm.backend.Task;
import dev.qssm.circuit.Circuit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingBackendTest {
  private static final Circuit BELL = Circuit.builder(2).h(0).cx(0, 1).build();

  @Test
  void isFoundByServiceLoader() {
    var providers = Backends.discover(getClass().getClassLoader());
    assertTrue(providers.get("recording") instanceof RecordingBackendProvider, providers.keySet().toString());
  }

  @Test
  void recordsEveryTaskAndReturnsTheWrappedResults(@TempDir Path dir) throws Exception {
    var log = dir.resolve("tasks.jsonl");
    var config = BackendConfig.of("recording", Map.of("log", log.toString()));
    var task = Task.builder(BELL).readout(Readout.probabilities()).build();
    try (var backend = (RecordingBackend) new RecordingBackendProvider().create(config)) {
      var results = backend.run(List.of(task, task));
      assertArrayEquals(new double[] {0.5, 0, 0, 0.5}, results.get(0).values()[0], 1e-12);
      assertEquals("recording", results.get(1).metadata().backend());
      assertEquals(List.of(task, task), backend.recorded());
    }
    var lines = Files.readAllLines(log);
    assertEquals(2, lines.size());
    assertEquals("{\"call\":\"run\",\"qubits\":2,\"instructions\":2,\"parameters\":0,\"rows\":1,"
        + "\"readout\":\"probabilities\",\"shots\":0}", lines.get(0));
  }

  @Test
  void passesOtherOptionsToTheWrappedBackend() {
    var config = BackendConfig.of("recording", Map.of("maxQubits", 3));
    assertEquals(3, new RecordingBackendProvider().capabilities(config).maxQubits());
  }

  @Test
  void refusesToWrapItself() {
    var config = BackendConfig.of("recording", Map.of("wraps", "recording"));
    var e = assertThrows(BackendUnavailableException.class, () -> new RecordingBackendProvider().create(config));
    assertTrue(e.getMessage().contains("'wraps' must name another backend"), e.getMessage());
  }
}
