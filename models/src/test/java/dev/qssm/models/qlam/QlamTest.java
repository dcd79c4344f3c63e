package dev.qssm.models.qlam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qssm.QssmException;
import dev.qssm.autograd.Ops;
import dev.qssm.autograd.Tensor;
import dev.qssm.backend.Backend;
import dev.qssm.backend.BackendConfig;
import dev.qssm.backend.Backends;
import dev.qssm.models.Classifiers;
import dev.qssm.optim.Adam;
import dev.qssm.models.recurrent.StepLayout.Coupling;
import dev.qssm.testkit.GradCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class QlamTest {
  static Backend exact;
  static Backend noisy;
  static final QlamConfig SMALL = new QlamConfig(3, 1, "ry,rz", Coupling.CNOT_RING, "z,x,zz", 2, 4, 3);

  @BeforeAll
  static void open() {
    exact = Backends.create(BackendConfig.of("exact", Map.of()));
    noisy = Backends.create(BackendConfig.of("noisy", Map.of("threads", 1)));
  }

  @AfterAll
  static void close() throws Exception {
    exact.close();
    noisy.close();
  }

  static Tensor input(long seed, int b, int l, int d) {
    var rng = new Random(seed);
    var v = new double[b * l * d];
    for (int i = 0; i < v.length; i++) {
      v[i] = rng.nextDouble();
    }
    return Tensor.variable(v, b, l, d);
  }

  @Test
  void shapesAndParameters() {
    var m = new Qlam(SMALL, exact, 0, new SplittableRandom(1));
    assertEquals(List.of("weights", "embed.weight", "embed.bias", "query.weight", "query.bias", "head.weight",
        "head.bias"), new ArrayList<>(m.parameters().keySet()));
    assertArrayEquals(new int[] {9}, m.parameters().get("weights").shape()); // rz ry rz per qubit
    assertArrayEquals(new int[] {6, 4}, m.parameters().get("embed.weight").shape()); // 3 qubits x ry,rz
    assertArrayEquals(new int[] {2 * 9, 6}, m.parameters().get("query.weight").shape()); // 9 observables, 2 heads
    assertArrayEquals(new int[] {5, 3}, m.forward(input(2, 5, 7, 4)).shape());
    var e = assertThrows(QssmException.class, () -> m.forward(input(2, 5, 7, 3)));
    assertEquals("QLAM expects [batch, length, 4] input, got shape [5, 7, 3]", e.getMessage());
  }

  @Test
  void gradientsOfInputsAndEveryParameterMatchFiniteDifferences() {
    var m = new Qlam(SMALL.withLayers(2).withCoupling(Coupling.ALL_CZ), exact, 0, new SplittableRandom(3));
    var x = input(4, 2, 3, 4);
    var ins = new ArrayList<Tensor>();
    ins.add(x);
    ins.addAll(m.parameters().values());
    GradCheck.check(in -> m.forward(x), 1e-6, ins.toArray(Tensor[]::new));
    var rzz = new Qlam(SMALL.withCoupling(Coupling.RZZ_RING), exact, 0, new SplittableRandom(4));
    var all = new ArrayList<Tensor>(List.of(x));
    all.addAll(rzz.parameters().values());
    GradCheck.check(in -> rzz.forward(x), 1e-6, all.toArray(Tensor[]::new));
  }

  @Test
  void noisyBackendWithoutNoiseGivesTheSameModel() {
    var onExact = new Qlam(SMALL, exact, 0, new SplittableRandom(5));
    var onNoisy = new Qlam(SMALL, noisy, 0, new SplittableRandom(5));
    var x = input(6, 2, 3, 4);
    var ye = onExact.forward(x);
    var yn = onNoisy.forward(x);
    assertArrayEquals(ye.data(), yn.data(), 1e-10);
    var labels = new int[] {0, 2};
    Ops.crossEntropy(ye, labels).backward();
    Ops.crossEntropy(yn, labels).backward();
    // exact: adjoint; noisy: parameter shift over the density matrix
    var pe = onExact.parameters();
    var pn = onNoisy.parameters();
    for (var name : pe.keySet()) {
      assertArrayEquals(pe.get(name).grad(), pn.get(name).grad(), 1e-9, name);
    }
  }

  @Test
  void configRebuildsTheSameModel() {
    var m = new Qlam(SMALL.withHeads(3).withObservables("z,y"), exact, 0, new SplittableRandom(7));
    var c = Classifiers.fromConfig(m.config(), exact, 0);
    assertEquals("qlam", c.name());
    assertEquals(m.config(), c.config());
    var values = new java.util.HashMap<String, double[]>();
    m.parameters().forEach((k, t) -> values.put(k, t.data().clone()));
    c.module().load(values);
    var x = input(8, 2, 4, 4);
    assertArrayEquals(m.forward(x).data(), c.module().forward(x).data(), 0);
  }

  @Test
  void adamLearnsToSeparateTwoSequenceKinds() {
    // class = whether the bright token comes first or last: only the order tells them apart
    var m = new Qlam(new QlamConfig(2, 1, "ry,rz", Coupling.CNOT_RING, "z,x,zz", 1, 1, 2), exact, 0,
        new SplittableRandom(9));
    var x = Tensor.of(new double[] {1, 0, 0, 0, 0, 1}, 2, 3, 1);
    var labels = new int[] {0, 1};
    var opt = Adam.adamW(m.groups(0.05, 0), 0.9, 0.999, 1e-8);
    double first = 0, last = 0;
    for (int step = 0; step < 60; step++) {
      var loss = Ops.crossEntropy(m.forward(x), labels);
      loss.backward();
      opt.step();
      opt.zeroGrad();
      if (step == 0) {
        first = loss.item();
      }
      last = loss.item();
    }
    assertTrue(last < 0.1 * first, "loss " + first + " -> " + last);
  }
}
