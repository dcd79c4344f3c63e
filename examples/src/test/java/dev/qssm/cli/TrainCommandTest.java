package dev.qssm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qssm.qasm.Qasm;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {
  @TempDir Path dir;

  Cli.Result train(String... extra) {
    var args = new java.util.ArrayList<>(java.util.List.of("train", "--epochs", "1", "--batch", "4", "--train-limit",
        "8", "--test-limit", "4", "--d-model", "4", "--layers", "1", "--d-state", "2", "--out", "run"));
    args.addAll(java.util.List.of(extra));
    return new Cli(dir, Qasm::parse).run(args.toArray(String[]::new));
  }

  @Test
  void trainsOnTheBundledDigitsAndWritesItsOutputs() throws Exception {
    var r = train();
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("epoch 1: train loss"), r.toString());
    for (var f : new String[] {"metrics.csv", "curves.png", "model.safetensors", "checkpoint/state.json"}) {
      assertTrue(Files.exists(dir.resolve("run").resolve(f)), f);
    }
    assertEquals(2, Files.readAllLines(dir.resolve("run/metrics.csv")).size());
    var again = train("--resume");
    assertEquals(0, again.code(), again.toString());
    assertTrue(again.out().contains("at step 2"), again.toString());
  }

  @Test
  void missingDataNamesTheFile() throws Exception {
    var none = train("--data", "nowhere");
    assertEquals(2, none.code(), none.toString());
    assertTrue(none.err().contains("--data nowhere: no such directory"), none.toString());
    Files.createDirectory(dir.resolve("nowhere"));
    var r = train("--data", "nowhere");
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.err().contains("train-images-idx3-ubyte") && r.err().contains("no such file"), r.toString());
  }

  @Test
  void unknownTaskIsAUsageError() {
    assertEquals(2, train("--task", "cifar").code());
  }

  @Test
  void trainsHqcMambaOnAChosenBackend() throws Exception {
    var r = train("--model", "hqc-mamba", "--backend", "exact", "--quantum", "in_proj,out_proj", "--q-layers", "1");
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("hqc-mamba: quantum [in_proj, out_proj] on backend exact"), r.toString());
    assertTrue(r.out().contains("epoch 1: train loss"), r.toString());
    assertTrue(Files.exists(dir.resolve("run/model.safetensors")));
    var bad = train("--model", "hqc-mamba", "--quantum", "dt_proj");
    assertEquals(2, bad.code(), bad.toString());
    assertTrue(bad.err().contains("unknown projection 'dt_proj'"), bad.toString());
    var mixed = train("--backend", "exact");
    assertTrue(mixed.err().contains("apply to --model hqc-mamba only"), mixed.toString());
  }
}
