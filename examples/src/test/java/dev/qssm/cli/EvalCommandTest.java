package dev.qssm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import dev.qssm.qasm.Qasm;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One HQC-Mamba trained on exact, evaluated from its checkpoint on exact, noisy, strange and an IBM dry run. */
class EvalCommandTest {
  private static final Pattern RESULT = Pattern.compile("test accuracy ([0-9.]+) \\((\\d+)/(\\d+)\\), loss ([0-9.]+)");
  @TempDir static Path dir;
  static Cli cli;
  static double[] exact;

  @BeforeAll
  static void train() throws IOException {
    cli = new Cli(dir, Qasm::parse);
    var r = cli.run("train", "--model", "hqc-mamba", "--backend", "exact", "--pixels-per-token", "112", "--epochs", "1",
        "--batch", "8", "--train-limit", "16", "--test-limit", "8", "--d-model", "4", "--layers", "1", "--d-state", "2",
        "--q-layers", "1", "--out", "run");
    assertEquals(0, r.code(), r::toString);
    exact = eval("--backend", "exact");
    try (InputStream in = EvalCommandTest.class.getResourceAsStream("/ibm/fez-configuration.json")) {
      Files.write(dir.resolve("fez-configuration.json"), in.readAllBytes());
    }
  }

  static double[] eval(String... extra) {
    var args = new java.util.ArrayList<>(java.util.List.of("eval", "--checkpoint", "run", "--limit", "8"));
    args.addAll(java.util.List.of(extra));
    var r = cli.run(args.toArray(String[]::new));
    assertEquals(0, r.code(), r::toString);
    var m = RESULT.matcher(r.out());
    assertTrue(m.find(), r::toString);
    assertEquals("8", m.group(3));
    return new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(4))};
  }

  @Test
  void exactEvaluationReproducesTheTrainingRunsTestLoss() throws IOException {
    var csv = Files.readAllLines(dir.resolve("run/metrics.csv"));
    var f = csv.get(1).split(",");
    assertEquals(Double.parseDouble(f[5]), exact[0], 1e-9, "test accuracy");
    assertEquals(Double.parseDouble(f[4]), exact[1], 1e-4, "test loss (printed to 4 places)");
  }

  @Test
  void strangeGivesTheSameModelOutputs() {
    var s = eval("--backend", "strange");
    assertEquals(exact[0], s[0], 1e-12);
    assertEquals(exact[1], s[1], 1e-4);
  }

  @Test
  void noiselessNoisyBackendWithManyShotsAgreesWithinSamplingError() {
    var n = eval("--backend", "noisy", "--shots", "200000", "--seed", "3");
    assertEquals(exact[1], n[1], 0.02, "loss within sampling error");
    var again = eval("--backend", "noisy", "--shots", "200000", "--seed", "3");
    assertEquals(n[1], again[1], 0.0, "seeded: reproducible");
    var few = eval("--backend", "noisy", "--shots", "50", "--seed", "3");
    assertTrue(Math.abs(few[1] - exact[1]) > 1e-6, "50 shots are an estimate, not the exact value");
  }

  @Test
  void ibmDryRunWritesIsaJobsForEveryQuantumLayer() throws IOException {
    var r = cli.run("eval", "--checkpoint", "run", "--limit", "2", "--batch", "2", "--backend", "ibm", "--shots", "100",
        "-o", "dryRun=" + dir.resolve("jobs"), "-o", "configuration=" + dir.resolve("fez-configuration.json"));
    assertEquals(0, r.code(), r::toString);
    assertTrue(r.out().contains("dry run: the jobs are in " + dir.resolve("jobs")), r::toString);
    try (var files = Files.list(dir.resolve("jobs"))) {
      var jobs = files.filter(p -> p.getFileName().toString().matches("job-\\d{3}\\.json")).sorted().toList();
      assertEquals(3, jobs.size(), "in_proj, x_proj and out_proj of the one layer, one batch: " + jobs);
      for (var job : jobs) {
        var body = JsonParser.parseString(Files.readString(job)).getAsJsonObject();
        assertEquals("ibm_fez", body.get("backend").getAsString());
        var pub = body.getAsJsonObject("params").getAsJsonArray("pubs").get(0).getAsJsonArray();
        for (var line : pub.get(0).getAsString().split("\n")) {
          var l = line.strip();
          if (l.isEmpty() || l.startsWith("OPENQASM") || l.startsWith("include") || l.startsWith("input")
              || l.startsWith("bit[") || l.startsWith("//") || l.startsWith("gate ")) {
            continue;
          }
          assertTrue(l.matches("(rz\\([^)]*\\) |sx |x |cz )\\$\\d+(, \\$\\d+)?;|\\w+\\[\\d+\\] = measure \\$\\d+;"),
              job.getFileName() + ": not an ISA instruction for ibm_fez: " + l);
        }
      }
    }
  }

  @Test
  void backendNameInQssmJsonAloneMovesTheSameEvalCommand() throws IOException {
    var config = dir.resolve("qssm.json");
    try {
      for (var name : new String[] {"exact", "noisy", "strange"}) {
        Files.writeString(config, "{\"backend\": {\"name\": \"" + name + "\"}}");
        var r = cli.run("eval", "--checkpoint", "run", "--limit", "8");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains(" on backend " + name + ", exact, 8 test digits"), r::toString);
        var m = RESULT.matcher(r.out());
        assertTrue(m.find(), r::toString);
        assertEquals(exact[1], Double.parseDouble(m.group(4)), 1e-4, name + ": same model, same loss");
      }
    } finally {
      Files.deleteIfExists(config);
    }
  }

  @Test
  void aMissingCheckpointIsNamed() {
    var r = cli.run("eval", "--checkpoint", "nowhere");
    assertEquals(2, r.code(), r::toString);
    assertTrue(r.err().contains("--checkpoint nowhere: no such directory"), r::toString);
  }
}
