package dev.qssm.models.qrnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QrnnTest {
  static Backend exact;
  static Backend noisy;
  static final QrnnConfig SMALL = new QrnnConfig(3, 1, "ry,rz", Coupling.CNOT_RING, "z,x", 3, 5, 0, 4, 3);

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
    var m = new Qrnn(SMALL, exact, 0, new SplittableRandom(1));
    assertEquals(List.of("embed.weight", "embed.bias", "ff1.weight", "ff1.bias", "ff2.weight", "ff2.bias",
        "head.weight", "head.bias"), new ArrayList<>(m.parameters().keySet()));
    assertArrayEquals(new int[] {5, 3 + 6}, m.parameters().get("ff1.weight").shape()); // embed + 6 readouts
    assertArrayEquals(new int[] {6, 5}, m.parameters().get("ff2.weight").shape()); // 3 qubits x ry,rz
    assertArrayEquals(new int[] {2, 3}, m.forward(input(2, 2, 5, 4)).shape());
  }

  /** The recurrence spelled out for two tokens with the model's own layers and memory op. */
  @Test
  void readoutsOfStepOneSetTheAnglesOfStepTwo() {
    var m = new Qrnn(SMALL, exact, 0, new SplittableRandom(2));
    var x = input(3, 2, 2, 4);
    var layers = Map.of("embed", m.embed, "ff1", m.ff1, "ff2", m.ff2, "head", m.head);
    var e = layers.get("embed").forward(x);
    var r0 = Tensor.of(new double[] {1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0, 0}, 2, 6); // <Z> = 1, <X> = 0 in |000>
    var a1 = layers.get("ff2").forward(Ops.tanh(layers.get("ff1").forward(Ops.concatLast(Ops.select(e, 1, 0), r0))));
    var r1 = m.memory().apply(List.of(a1), null);
    var a2 = layers.get("ff2").forward(Ops.tanh(layers.get("ff1").forward(Ops.concatLast(Ops.select(e, 1, 1), r1))));
    var r2 = m.memory().apply(List.of(a1, a2), null);
    assertArrayEquals(r2.data(), m.readouts(x).data(), 1e-14);
    assertArrayEquals(layers.get("head").forward(r2).data(), m.forward(x).data(), 1e-14);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 2})
  void gradientsOfInputsAndEveryParameterMatchFiniteDifferences(int window) {
    var m = new Qrnn(SMALL.withWindow(window).withLayers(2)
        .withCoupling(window == 0 ? Coupling.CNOT_RING : Coupling.RZZ_RING), exact, 0, new SplittableRandom(4));
    var x = input(5, 2, 4, 4);
    var ins = new ArrayList<Tensor>();
    ins.add(x);
    ins.addAll(m.parameters().values());
    GradCheck.check(in -> m.forward(x), 1e-6, ins.toArray(Tensor[]::new));
  }

  @Test
  void aWindowChangesOnlyTheFeedback() {
    var full = new Qrnn(SMALL, exact, 0, new SplittableRandom(6));
    var windowed = new Qrnn(SMALL.withWindow(1), exact, 0, new SplittableRandom(6));
    var wide = new Qrnn(SMALL.withWindow(4), exact, 0, new SplittableRandom(6));
    var x = input(7, 2, 4, 4);
    assertArrayEquals(full.forward(x).data(), wide.forward(x).data(), 1e-14); // a window of L is the whole prefix
    assertNotEquals(full.forward(x).data()[0], windowed.forward(x).data()[0], 1e-6);
  }

  @Test
  void noisyBackendWithoutNoiseGivesTheSameModel() {
    var onExact = new Qrnn(SMALL, exact, 0, new SplittableRandom(8));
    var onNoisy = new Qrnn(SMALL, noisy, 0, new SplittableRandom(8));
    var x = input(9, 2, 3, 4);
    var ye = onExact.forward(x);
    var yn = onNoisy.forward(x);
    assertArrayEquals(ye.data(), yn.data(), 1e-10);
    var labels = new int[] {1, 2};
    Ops.crossEntropy(ye, labels).backward();
    Ops.crossEntropy(yn, labels).backward();
    var pe = onExact.parameters();
    var pn = onNoisy.parameters();
    for (var name : pe.keySet()) {
      assertArrayEquals(pe.get(name).grad(), pn.get(name).grad(), 1e-9, name);
    }
  }

  @Test
  void configRebuildsTheSameModel() {
    var m = new Qrnn(SMALL.withWindow(3).withHidden(7).withObservables("z,zz"), exact, 0, new SplittableRandom(10));
    var c = Classifiers.fromConfig(m.config(), exact, 0);
    assertEquals("qrnn", c.name());
    assertEquals(m.config(), c.config());
    var values = new java.util.HashMap<String, double[]>();
    m.parameters().forEach((k, t) -> values.put(k, t.data().clone()));
    c.module().load(values);
    var x = input(11, 2, 5, 4);
    assertArrayEquals(m.forward(x).data(), c.module().forward(x).data(), 0);
    var e = assertThrows(QssmException.class, () -> SMALL.withWindow(-1));
    assertTrue(e.getMessage().contains("window >= 0"), e.getMessage());
  }

  @Test
  void adamLearnsToSeparateTwoSequenceKinds() {
    var m = new Qrnn(new QrnnConfig(2, 1, "ry,rz", Coupling.CNOT_RING, "z,x", 2, 4, 0, 1, 2), exact, 0,
        new SplittableRandom(12));
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
