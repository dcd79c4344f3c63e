package dev.qssm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import dev.qssm.QssmException;
import dev.qssm.autograd.Ops;
import dev.qssm.autograd.Tensor;
import dev.qssm.backend.BackendConfig;
import dev.qssm.backend.Backends;
import dev.qssm.models.Classifiers;
import dev.qssm.models.qlam.Qlam;
import dev.qssm.models.qlam.QlamConfig;
import dev.qssm.models.qrnn.Qrnn;
import dev.qssm.models.qrnn.QrnnConfig;
import dev.qssm.qasm.Qasm;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** QLAM and QRNN through {@code qssm train}, {@code qssm bench} and the IBM dry run. */
class MemoryModelsTest {
  @TempDir Path dir;

  Cli.Result train(String... extra) {
    var args = new ArrayList<>(List.of("train", "--epochs", "1", "--batch", "4", "--train-limit", "8", "--test-limit",
        "4", "--pixels-per-token", "28", "--qubits", "3", "--out", "run"));
    args.addAll(List.of(extra));
    return new Cli(dir, Qasm::parse).run(args.toArray(String[]::new));
  }

  @ParameterizedTest
  @ValueSource(strings = {"qlam", "qrnn"})
  void trainsResumesAndRebuildsFromTheCheckpoint(String model) throws Exception {
    var r = train("--model", model, "--backend", "exact");
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains(model + ": {\"model\":\"" + model + "\",\"qubits\":3"), r.toString());
    assertTrue(r.out().contains("on backend exact"), r.toString());
    assertTrue(r.out().contains("epoch 1: train loss"), r.toString());
    for (var f : new String[] {"metrics.csv", "curves.png", "model.safetensors", "checkpoint/state.json"}) {
      assertTrue(Files.exists(dir.resolve("run").resolve(f)), f);
    }
    var again = train("--model", model, "--backend", "exact", "--resume");
    assertEquals(0, again.code(), again.toString());
    assertTrue(again.out().contains("at step 2"), again.toString());
    // what qssm eval does: the checkpoint's config alone rebuilds the model
    var config = JsonParser.parseString(Files.readString(dir.resolve("run/checkpoint/config.json"))).getAsJsonObject();
    try (var exact = Backends.create(BackendConfig.of("exact", Map.of()))) {
      var c = Classifiers.fromConfig(config, exact, 0);
      assertEquals(model, c.name());
      assertEquals(3, c.config().get("qubits").getAsInt());
    }
  }

  @Test
  void trainsOnTheCopyingTask() {
    var r = train("--model", "qrnn", "--task", "copy", "--copy-blanks", "2", "--feedback-window", "2");
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("\"d_in\":11,\"n_classes\":8} on backend exact; copying task, 6 tokens"), r.toString());
    assertTrue(r.out().contains("epoch 1: train loss"), r.toString());
    var mamba = train("--task", "copy");
    assertEquals(2, mamba.code(), mamba.toString());
    assertTrue(mamba.err().contains("or copy with --model qlam or qrnn"), mamba.toString());
  }

  @Test
  void badMemoryOptionsAreReported() {
    var r = train("--model", "qlam", "--coupling", "cnot");
    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().contains("coupling 'cnot' is not one of"), r.toString());
    var obs = train("--model", "qrnn", "--observables", "z,q");
    assertEquals(1, obs.code(), obs.toString());
    assertTrue(obs.err().contains("observable family 'q'"), obs.toString());
  }

  @Test
  void benchRunsQuick() {
    var r = new Cli(dir, Qasm::parse).run("bench", "qrnn", "--quick", "--reps", "1", "--batch", "2");
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().startsWith("Machine: "), r.out());
    assertTrue(r.out().contains("| 7 | 4 |") && r.out().contains("| 14 | 0 |"), r.out());
  }

  private Path fez() throws IOException {
    var conf = dir.resolve("fez-configuration.json");
    try (InputStream in = getClass().getResourceAsStream("/ibm/fez-configuration.json")) {
      Files.write(conf, in.readAllBytes());
    }
    return conf;
  }

  private static Tensor pixels(int b, int l, int d) {
    var rng = new SplittableRandom(3);
    var v = new double[b * l * d];
    for (int i = 0; i < v.length; i++) {
      v[i] = rng.nextDouble();
    }
    return Tensor.of(v, b, l, d);
  }

  /** The dry run returns NaN for every value; QLAM's one task per batch becomes one job with one row per sequence. */
  @Test
  void qlamRunsThroughTheIbmDryRun() throws Exception {
    var out = dir.resolve("dry");
    var cfg = BackendConfig.of("ibm", Map.of("configuration", fez().toString(), "dryRun", out.toString()));
    try (var ibm = Backends.create(cfg)) {
      var m = new Qlam(QlamConfig.defaults(4, 10).withQubits(3), ibm, 100, new SplittableRandom(1));
      var logits = m.forward(pixels(2, 3, 4));
      assertTrue(Double.isNaN(logits.data()[0]), "a dry run has no results");
      var body = JsonParser.parseString(Files.readString(out.resolve("job-001.json"))).getAsJsonObject();
      assertEquals("ibm_fez", body.get("backend").getAsString());
      var pub = body.getAsJsonObject("params").getAsJsonArray("pubs").get(0).getAsJsonArray();
      String qasm = pub.get(0).getAsString();
      assertTrue(qasm.contains("rz(") && qasm.contains("measure"), qasm);
      assertEquals(100, pub.get(2).getAsInt());
      var values = pub.get(1).getAsJsonObject();
      values.entrySet().forEach(e -> assertEquals(2, e.getValue().getAsJsonArray().size(), "one row per sequence"));
    }
  }

  /**
   * QRNN's step t+1 needs step t's readouts, so a dry run can only write step 1's job; the model
   * says so instead of sending NaN angles on.
   */
  @Test
  void qrnnWritesItsFirstStepAndStopsWithAReason() throws Exception {
    var out = dir.resolve("dry");
    var cfg = BackendConfig.of("ibm", Map.of("configuration", fez().toString(), "dryRun", out.toString()));
    try (var ibm = Backends.create(cfg)) {
      var m = new Qrnn(QrnnConfig.defaults(4, 10).withQubits(3), ibm, 100, new SplittableRandom(1));
      var e = assertThrows(QssmException.class, () -> m.forward(pixels(2, 3, 4)));
      assertTrue(e.getMessage().contains("backend 'ibm' returned no readout values for step 1"), e.getMessage());
      assertTrue(Files.exists(out.resolve("job-001.json")));
      // a one-token sequence needs no feedback: the whole forward pass is one job
      var one = m.forward(pixels(2, 1, 4));
      assertTrue(Double.isNaN(one.data()[0]));
    }
  }

  @Test
  void qlamOnTheNoisyBackendWithShotsTrainsAStep() throws Exception {
    try (var noisy = Backends.create(BackendConfig.of("noisy", Map.of("threads", 1, "seed", 5)))) {
      var m = new Qlam(QlamConfig.defaults(4, 10).withQubits(2), noisy, 200, new SplittableRandom(1));
      var loss = Ops.crossEntropy(m.forward(pixels(2, 2, 4)), new int[] {1, 7});
      loss.backward();
      var g = m.parameters().get("weights").grad();
      assertFalse(java.util.Arrays.stream(g).allMatch(v -> v == 0), "parameter shift gives the quantum weights a gradient");
      assertTrue(java.util.Arrays.stream(g).allMatch(Double::isFinite));
    }
  }
}
