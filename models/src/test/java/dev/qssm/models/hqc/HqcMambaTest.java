package dev.qssm.models.hqc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qssm.QssmException;
import dev.qssm.autograd.Ops;
import dev.qssm.autograd.Tensor;
import dev.qssm.backend.Backend;
import dev.qssm.backend.BackendConfig;
import dev.qssm.backend.Backends;
import dev.qssm.models.mamba.MambaConfig;
import dev.qssm.optim.Adam;
import dev.qssm.optim.ParamGroup;
import dev.qssm.qnn.QuantumProjection.Options;
import dev.qssm.testkit.GradCheck;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HqcMambaTest {
  static final MambaConfig TINY = new MambaConfig(4, 1, 2, 2, 4, 0, 1, 2, "mean", true);

  static Backend exact() {
    return Backends.create(BackendConfig.of("exact"));
  }

  @Test
  void quantumWeightsHaveStateDictNames() {
    try (var b = exact()) {
      var m = HqcMamba.create(TINY, b, Set.of("in_proj", "out_proj"), Options.defaults(), new SplittableRandom(1));
      var names = m.model().parameters().keySet();
      assertTrue(names.contains("layers.0.mixer.in_proj.weights"), names.toString());
      assertTrue(names.contains("layers.0.mixer.in_proj.scale"), names.toString());
      assertTrue(names.contains("layers.0.mixer.out_proj.bias"), names.toString());
      assertTrue(names.contains("layers.0.mixer.x_proj.weight"), names.toString()); // classical
      assertTrue(names.contains("layers.0.mixer.dt_proj.weight"), names.toString());
      // in_proj 4 -> 16 needs 4 qubits: weights [2 layers, 4 qubits, 3]
      var w = m.model().parameters().get("layers.0.mixer.in_proj.weights");
      assertEquals(2 * 4 * 3, w.size());
      assertThrows(QssmException.class,
          () -> HqcMamba.create(TINY, b, Set.of("dt_proj"), Options.defaults(), new SplittableRandom(1)));
    }
  }

  @Test
  void groupsFollowThePaper() {
    try (var b = exact()) {
      var m = HqcMamba.create(TINY, b, HqcMamba.ALL, Options.defaults(), new SplittableRandom(1));
      var groups = m.groups(1e-3, 0.01);
      int seen = 0;
      for (ParamGroup g : groups) {
        for (var e : g.params().entrySet()) {
          String name = e.getKey();
          seen++;
          double lr = name.contains(".x_proj.") ? 1e-4 : name.contains("_proj.") && !name.contains("dt_proj") ? 3e-4 : 1e-3;
          assertEquals(lr, g.lr(), 1e-15, name);
          boolean quantum = name.contains("in_proj.") || name.contains("x_proj.") && !name.contains("dt_proj")
              || name.contains("out_proj.");
          if (quantum) {
            assertEquals(0, g.weightDecay(), name);
            assertTrue(m.isQuantum(e.getValue()), name);
          }
          if (name.endsWith("dt_proj.weight") || name.equals("head.weight")) {
            assertEquals(0.01, g.weightDecay(), name);
          }
        }
      }
      assertEquals(m.model().parameters().size(), seen);
    }
  }

  @Test
  void forwardAndBackwardAreFiniteAndMatchFiniteDifferences() {
    try (var b = exact()) {
      var m = HqcMamba.create(TINY, b, HqcMamba.ALL, Options.defaults(), new SplittableRandom(2));
      var rng = new SplittableRandom(3);
      var x = new double[2 * 5];
      for (int i = 0; i < x.length; i++) {
        x[i] = rng.nextDouble();
      }
      var input = Tensor.variable(x, 2, 5, 1);
      var loss = Ops.crossEntropy(m.model().forward(input), new int[] {0, 1});
      loss.backward();
      assertTrue(Double.isFinite(loss.item()));
      m.model().parameters().forEach((name, t) -> {
        assertTrue(t.grad() != null, name + " has no gradient");
        for (double g : t.grad()) {
          assertTrue(Double.isFinite(g), name);
        }
      });
      var inWeights = m.model().parameters().get("layers.0.mixer.in_proj.weights");
      var xWeights = m.model().parameters().get("layers.0.mixer.x_proj.weights");
      var outScale = m.model().parameters().get("layers.0.mixer.out_proj.scale");
      GradCheck.check(t -> m.model().forward(t[0]), 1e-5, input, inWeights, xWeights, outScale);
    }
  }

  @Test
  void lossDecreasesOnAToyTask() {
    int n = 16, len = 8;
    var rng = new SplittableRandom(9);
    var x = new double[n * len];
    var y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % 2;
      int pos = rng.nextInt(len / 2) + y[i] * len / 2;
      x[i * len + pos] = 1;
    }
    var input = Tensor.of(x, n, len, 1);
    try (var b = exact()) {
      var m = HqcMamba.create(TINY, b, HqcMamba.ALL, Options.defaults(), new SplittableRandom(1));
      var opt = Adam.adamW(m.groups(3e-2, 0.01), 0.9, 0.999, 1e-8);
      double first = 0, last = 0;
      for (int step = 0; step < 80; step++) {
        var loss = Ops.crossEntropy(m.model().forward(input), y);
        loss.backward();
        opt.step();
        opt.zeroGrad();
        assertFalse(Double.isNaN(loss.item()));
        if (step == 0) {
          first = loss.item();
        }
        last = loss.item();
      }
      double f = first, l = last;
      assertTrue(last < 0.5 * first, () -> "loss went from " + f + " to " + l);
    }
  }
}
