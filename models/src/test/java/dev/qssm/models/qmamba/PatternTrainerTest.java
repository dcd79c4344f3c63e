package dev.qssm.models.qmamba;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qssm.backend.BackendConfig;
import dev.qssm.backend.Backends;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PatternTrainerTest {
  @TempDir Path dir;

  @Test
  void windowsWrapAndACheckpointReloads() throws Exception {
    try (var backend = Backends.create(BackendConfig.of("noisy", Map.of("threads", 1)))) {
      var codec = PatternTrainer.codec(4, 2);
      var cfg = new QMambaConfig(4, 2, 1, 1, 1, 1, 1, true);
      var model = new QMamba(backend, cfg, new Random(2)).codec(codec);
      var trainer = new PatternTrainer(model, codec);
      assertArrayEquals(codec.encode("e zer"), trainer.window(PatternTrainer.PATTERN.length() - 2, 5));
      var steps = new int[1];
      var accs = new double[1];
      trainer.train(new PatternTrainer.Options(1, 2, 3, 0.05, 1, 0, 1), dir, PatternTrainer.describe(cfg, codec), false,
          new PatternTrainer.Listener() {
            @Override
            public void step(long step, double loss, double seconds) {
              steps[0]++;
              assertTrue(loss > 0 && loss < 1);
            }

            @Override
            public void evaluated(long step, double accuracy) {
              accs[0] = accuracy;
            }
          });
      assertEquals(1, steps[0]);
      assertTrue(accs[0] >= 0 && accs[0] <= 1);
      var loaded = PatternTrainer.load(dir, backend);
      assertEquals(cfg, loaded.config());
      assertEquals(codec.tokens(), loaded.codec().tokens());
      var ev = trainer.evaluate(6, 4, new int[] {0, 4, 9});
      int counted = 0;
      for (var row : ev.confusion()) {
        for (int v : row) {
          counted += v;
        }
      }
      assertEquals(3 * (6 - 4), counted, "predictions with >= 4 characters of context: t = 3, 4 of each window");
      assertTrue(ev.accuracy() >= 0 && ev.accuracy() <= 1 && ev.accuracyAll() >= 0 && ev.accuracyAll() <= 1);
      assertTrue(!Double.isNaN(ev.heldOutAccuracy()), "4 and 9 are held out");
      assertTrue(Double.isNaN(trainer.evaluate(6, 4, new int[] {0}).heldOutAccuracy()));
      var seq = new int[][] {codec.encode("nine")};
      assertArrayEquals(model.forward(seq).data(), loaded.forward(seq).data(), 1e-15);
    }
  }
}
