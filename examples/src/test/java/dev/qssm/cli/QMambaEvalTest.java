package dev.qssm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import dev.qssm.QssmException;
import dev.qssm.backend.Backend;
import dev.qssm.backend.BackendConfig;
import dev.qssm.backend.Backends;
import dev.qssm.qasm.Qasm;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link QMambaEval} on tiny trained checkpoints, on every backend it meets. */
class QMambaEvalTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private Main main() {
    var context = new Context(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), Map.of(), new Properties(), dir,
        getClass().getClassLoader(), Qasm::parse);
    return new Main(context);
  }

  private String printed() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private void train(String task, String run) {
    var r = new Cli(dir, Qasm::parse).run("train", "--model", "qmamba", "--task", task, "--steps", "1", "--window", "3",
        "--batch", "2", "--state-qubits", "1", "--weights", "20", "--eval-every", "0", "--out", run);
    assertEquals(0, r.code(), r.toString());
  }

  private static Backend noisy(String json) {
    return Backends.create(new BackendConfig("noisy", JsonParser.parseString(json).getAsJsonObject()));
  }

  @Test
  void patternOnNoisyPrintsTheTableWritesTheConfusionMatrixAndGenerates() throws Exception {
    train("pattern", "run");
    try (var backend = noisy("{}")) {
      assertEquals(0, QMambaEval.run(main(), Path.of("run"), backend, 0));
    }
    var text = printed();
    assertTrue(text.contains("task pattern") && text.contains("| 50 starts | "),
        text);
    assertTrue(text.contains("generated from start"), text);
    var png = dir.resolve("run/confusion-noisy.png");
    var bytes = Files.readAllBytes(png);
    assertTrue(bytes.length > 1000 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G', "not a PNG: " + png);
  }

  @Test
  void patternOnNoisyWithTheIbmFezNoiseModel() {
    train("pattern", "run");
    var res = Path.of("src/test/resources/ibm").toAbsolutePath();
    String json = "{\"noise\": {\"ibm\": {\"properties\": \"" + res.resolve("fez-properties.json") + "\","
        + " \"configuration\": \"" + res.resolve("fez-configuration.json") + "\"}}}";
    try (var backend = noisy(json)) {
      assertEquals(0, QMambaEval.run(main(), dir.resolve("run/checkpoint"), backend, 0));
    }
    assertTrue(printed().contains("| 50 starts | "), printed());
  }

  @Test
  void strangeIsRefusedWithTheReason() {
    train("pattern", "run");
    try (var backend = Backends.create(BackendConfig.of("strange"))) {
      var e = assertThrows(QssmException.class, () -> QMambaEval.run(main(), Path.of("run"), backend, 100));
      assertTrue(e.getMessage().contains("strange") && e.getMessage().contains("dynamic circuit"), e.getMessage());
    }
  }

  @Test
  void ibmDryRunWritesADynamicCircuitJobAndStops() throws Exception {
    train("pattern", "run");
    var conf = Path.of("src/test/resources/ibm/fez-configuration.json").toAbsolutePath();
    var jobs = dir.resolve("jobs");
    try (var backend = Backends.create(BackendConfig.of("ibm",
        Map.of("dryRun", jobs.toString(), "configuration", conf.toString())))) {
      assertEquals(0, QMambaEval.run(main(), Path.of("run"), backend, 200));
    }
    assertTrue(printed().contains("dry run") && printed().contains(jobs.toString()), printed());
    var body = JsonParser.parseString(Files.readString(jobs.resolve("job-001.json"))).getAsJsonObject();
    var pub = body.getAsJsonObject("params").getAsJsonArray("pubs").get(0).getAsJsonArray();
    String qasm = pub.get(0).getAsString();
    assertTrue(qasm.contains("reset") && qasm.contains("measure"), qasm);
    var circuit = Qasm.parse(qasm);
    assertTrue(circuit.hasMidCircuitOperations(), "the job must be a dynamic circuit");
    assertEquals(200, pub.get(2).getAsInt());
  }

  @Test
  void needleHeatmap() throws Exception {
    train("needle", "needle");
    try (var backend = noisy("{}")) {
      assertEquals(0, QMambaEval.run(main(), Path.of("needle"), backend, 0, new int[] {3, 6}, 1));
    }
    var text = printed();
    assertTrue(text.contains("task needle") && text.contains("| 3 | ") && text.contains("| 6 | "), text);
    assertTrue(Files.size(dir.resolve("needle/needle-noisy.png")) > 1000);
  }
}
