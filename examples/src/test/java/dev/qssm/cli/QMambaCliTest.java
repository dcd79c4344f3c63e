package dev.qssm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qssm.qasm.Qasm;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QMambaCliTest {
  @TempDir Path dir;

  Cli.Result cli(String... args) {
    return new Cli(dir, Qasm::parse).run(args);
  }

  @Test
  void trainsOnThePatternThenGenerates() {
    var r = cli("train", "--model", "qmamba", "--steps", "2", "--window", "3", "--batch", "2", "--state-qubits", "1",
        "--weights", "20", "--eval-every", "1", "--out", "run");
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("qmamba: 4 qubits") && r.out().contains("on backend exact"), r.toString());
    assertTrue(r.out().contains("step 2: next-character accuracy"), r.toString());
    assertTrue(Files.exists(dir.resolve("run/checkpoint/model.safetensors")));
    var g = cli("generate", "--checkpoint", "run", "--prompt", "six ", "--length", "5", "--temperature", "0.5");
    assertEquals(0, g.code(), g.toString());
    var text = g.out().strip();
    assertEquals(9, text.length(), g.toString());
    assertTrue(text.startsWith("six "), g.toString());
    text.chars().forEach(c -> assertTrue("zero ntwhfuivsxg".indexOf(c) >= 0, g.toString()));
    var e = cli("eval", "--checkpoint", "run");
    assertEquals(0, e.code(), e.toString());
    assertTrue(e.out().contains("backend exact") && e.out().contains("confusion matrix: "), e.toString());
    // exact (noise-free density matrix) and noisy without noise score the checkpoint alike
    var n = cli("eval", "--checkpoint", "run", "--backend", "noisy");
    assertEquals(0, n.code(), n.toString());
    assertEquals(accuracyLines(e.out()), accuracyLines(n.out()));
    var ns = cli("noise-study", "--checkpoint", "run", "--noise", "depolarizing:0,0.05", "--shots", "0,100",
        "--repeats", "1");
    assertEquals(0, ns.code(), ns.toString());
    assertTrue(ns.out().contains("| noise | exact | 100 shots |") && ns.out().contains("| depolarizing 0.05 |"),
        ns.toString());
    try {
      var csv = Files.readAllLines(dir.resolve("run/noise-study.csv"));
      assertEquals(1 + 2 * 2, csv.size(), String.join("\n", csv));
      assertTrue(Files.size(dir.resolve("run/noise-study.png")) > 0);
    } catch (java.io.IOException io) {
      throw new AssertionError(io);
    }
    var bad = cli("generate", "--checkpoint", "run", "--prompt", "Six");
    assertEquals(1, bad.code(), bad.toString());
    assertTrue(bad.err().contains("'S'") && bad.err().contains("not in the token set"), bad.toString());
    assertEquals(2, cli("train", "--model", "qmamba", "--task", "smnist").code());
  }

  @Test
  void minContextTrainsThePatternAndIsRefusedForTheNeedle() {
    var r = cli("train", "--model", "qmamba", "--steps", "1", "--window", "4", "--batch", "2", "--state-qubits", "1",
        "--weights", "20", "--min-context", "3", "--out", "run");
    assertEquals(0, r.code(), r.toString());
    var tooLong = cli("train", "--model", "qmamba", "--steps", "1", "--window", "4", "--min-context", "4");
    assertEquals(1, tooLong.code(), tooLong.toString());
    assertTrue(tooLong.err().contains("min-context < window"), tooLong.toString());
    var needle = cli("train", "--model", "qmamba", "--task", "needle", "--min-context", "2");
    assertEquals(2, needle.code(), needle.toString());
    assertTrue(needle.err().contains("--min-context is for --task pattern"), needle.toString());
  }

  @Test
  void benchTimesTheSmallAndTheTrainedSize() {
    var r = cli("bench", "qmamba", "--quick");
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("trained size: ") && r.out().contains("| exact | "), r.toString());
    assertTrue(r.out().contains("| sequence length |"), r.toString());
  }

  private static java.util.List<String> accuracyLines(String out) {
    return out.lines().filter(l -> l.contains("accuracy")).toList();
  }

  @Test
  void needleTrainsAndResumes() {
    var r = cli("train", "--model", "qmamba", "--task", "needle", "--steps", "1", "--window", "3", "--batch", "2",
        "--state-qubits", "1", "--weights", "20", "--eval-every", "1", "--out", "needle");
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("step 1: needle accuracy at length 3"), r.toString());
    var again = cli("train", "--model", "qmamba", "--task", "needle", "--steps", "2", "--window", "3", "--batch", "2",
        "--state-qubits", "1", "--weights", "20", "--eval-every", "1", "--out", "needle", "--resume");
    assertEquals(0, again.code(), again.toString());
    assertTrue(again.out().contains("step 2:") && !again.out().contains("step 1:"), "resumed after step 1: " + again);
  }
}
