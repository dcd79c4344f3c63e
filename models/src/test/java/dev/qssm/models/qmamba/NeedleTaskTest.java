package dev.qssm.models.qmamba;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qssm.QssmException;
import dev.qssm.backend.BackendConfig;
import dev.qssm.backend.Backends;
import dev.qssm.testkit.GradCheck;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NeedleTaskTest {
  @Test
  void documentsHoldOnePointerAndEndWithTheIndicator() {
    try (var backend = Backends.create(BackendConfig.of("noisy", Map.of("threads", 1)))) {
      var codec = NeedleTask.codec(3, 2, 2);
      assertEquals("abc#", codec.tokens());
      var model = new QMamba(backend, new QMambaConfig(2, 2, 1, 1, 1, 1, 1, true), new Random(1)).codec(codec);
      var task = new NeedleTask(model, codec);
      var rng = new SplittableRandom(3);
      for (int pos = 0; pos <= 8; pos++) {
        var d = task.document(10, pos, rng);
        assertEquals(11, d.length);
        assertEquals(3, d[pos]);
        assertEquals(3, d[10]);
        for (int i = 0; i < 10; i++) {
          assertTrue(i == pos || d[i] < 3, "haystack only elsewhere");
        }
      }
      assertThrows(QssmException.class, () -> task.document(10, 9, rng)); // nothing would follow the needle
      var acc = task.accuracyByPosition(4, 2, 5);
      assertEquals(3, acc.length);
      for (double a : acc) {
        assertTrue(a == 0 || a == 0.5 || a == 1, "two documents per position: " + a);
      }
      var map = task.heatmap(new int[] {3, 5}, 2, 1, 5);
      assertEquals(2, map.length);
      assertEquals(2, map[0].length);
    }
  }

  @Test
  void lastStepLossGradientMatchesFiniteDifferences() {
    try (var backend = Backends.create(BackendConfig.of("noisy", Map.of("threads", 1)))) {
      var codec = NeedleTask.codec(2, 3, 1);
      var model = new QMamba(backend, new QMambaConfig(3, 1, 1, 1, 1, 1, 1, true), new Random(4)).codec(codec);
      var task = new NeedleTask(model, codec);
      var rng = new SplittableRandom(9);
      var docs = new int[][] {task.document(3, 0, rng), task.document(3, 1, rng)};
      var answers = new int[] {docs[0][1], docs[1][2]};
      var w = model.parameters().values().iterator().next();
      GradCheck.check(in -> task.loss(docs, answers), 1e-7, w);
    }
  }

  @Test
  void aTokenSetWithoutThePointerIsRefused() {
    try (var backend = Backends.create(BackendConfig.of("noisy", Map.of("threads", 1)))) {
      var codec = new TokenCodec("abcd", 2, 2);
      var model = new QMamba(backend, new QMambaConfig(2, 2, 1, 1, 1, 1, 1, true), new Random(1)).codec(codec);
      var e = assertThrows(QssmException.class, () -> new NeedleTask(model, codec));
      assertTrue(e.getMessage().contains("'#'"), e.getMessage());
      assertThrows(QssmException.class, () -> NeedleTask.codec(1, 2, 2));
    }
  }
}
