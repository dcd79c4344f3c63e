package dev.qssm.models.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.qssm.autograd.Ops;
import dev.qssm.autograd.Tensor;
import dev.qssm.models.mamba.MambaClassifier;
import dev.qssm.models.mamba.MambaConfig;
import dev.qssm.optim.Adam;
import dev.qssm.optim.ParamGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
  @TempDir Path dir;
  final MambaConfig cfg = MambaConfig.of(4, 1, 2, 2);

  MambaClassifier trainedOneStep(Adam[] opt) {
    var m = new MambaClassifier(cfg, new SplittableRandom(5));
    opt[0] = Adam.adamW(List.of(new ParamGroup(m.parameters(), 1e-2, 0.01)), 0.9, 0.999, 1e-8);
    Ops.crossEntropy(m.forward(Tensor.of(new double[] {0.1, 0.5, 0.9}, 1, 3, 1)), new int[] {3}).backward();
    opt[0].step();
    return m;
  }

  @Test
  void roundTripsWeightsOptimizerAndStep() {
    var o1 = new Adam[1];
    var a = trainedOneStep(o1);
    var config = new JsonObject();
    config.addProperty("k", 1);
    Checkpoint.save(dir, config, a, o1[0], 7, 42);
    Checkpoint.save(dir, config, a, o1[0], 8, 42); // replaces the first
    assertFalse(Files.exists(dir.resolve("checkpoint.old")));
    var b = new MambaClassifier(cfg, new SplittableRandom(6));
    var o2 = Adam.adamW(List.of(new ParamGroup(b.parameters(), 1e-2, 0.01)), 0.9, 0.999, 1e-8);
    var state = Checkpoint.load(dir, b, o2).orElseThrow();
    assertEquals(8, state.step());
    assertEquals(42, state.seed());
    assertEquals(config, state.config());
    assertEquals(1, o2.steps());
    a.parameters().forEach((k, t) -> assertArrayEquals(t.data(), b.parameters().get(k).data(), k));
    o1[0].state().forEach((k, v) -> assertArrayEquals(v, o2.state().get(k), k));
  }

  @Test
  void aRunKilledBetweenTheRenamesFallsBackToThePreviousCheckpoint() throws Exception {
    var o1 = new Adam[1];
    var a = trainedOneStep(o1);
    Checkpoint.save(dir, new JsonObject(), a, o1[0], 3, 1);
    Files.move(dir.resolve("checkpoint"), dir.resolve("checkpoint.old")); // the state between the two renames
    var b = new MambaClassifier(cfg, new SplittableRandom(6));
    var o2 = Adam.adamW(List.of(new ParamGroup(b.parameters(), 1e-2, 0.01)), 0.9, 0.999, 1e-8);
    assertEquals(3, Checkpoint.load(dir, b, o2).orElseThrow().step());
  }

  @Test
  void aDamagedCheckpointIsNamed() throws Exception {
    var o1 = new Adam[1];
    var a = trainedOneStep(o1);
    Checkpoint.save(dir, new JsonObject(), a, o1[0], 3, 1);
    Files.write(dir.resolve("checkpoint/model.safetensors"), new byte[] {1, 2, 3});
    var e = assertThrows(WeightsException.class, () -> Checkpoint.load(dir, a, o1[0]));
    assertTrue(e.getMessage().contains("model.safetensors"), e.getMessage());
  }
}
