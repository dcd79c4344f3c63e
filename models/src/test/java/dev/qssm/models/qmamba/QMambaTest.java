package dev.qssm.models.qmamba;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qssm.QssmException;
import dev.qssm.backend.Backend;
import dev.qssm.backend.BackendConfig;
import dev.qssm.backend.Backends;
import dev.qssm.backend.Readout;
import dev.qssm.backend.Task;
import dev.qssm.circuit.GateOperation;
import dev.qssm.circuit.Measurement;
import dev.qssm.circuit.PauliString;
import dev.qssm.circuit.Reset;
import dev.qssm.optim.Adam;
import dev.qssm.optim.ParamGroup;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class QMambaTest {
  static Backend noisy;
  static Backend exact;
  // 1 input qubit, 2 state qubits, control: 4 qubits; 6+3+3+3 = 15 weights
  static final QMambaConfig SMALL = new QMambaConfig(3, 1, 2, 2, 1, 1, 1, false);

  @BeforeAll
  static void open() {
    noisy = Backends.create(BackendConfig.of("noisy", Map.of("threads", 1)));
    exact = Backends.create(BackendConfig.of("exact", Map.of()));
  }

  @AfterAll
  static void close() throws Exception {
    noisy.close();
    exact.close();
  }

  @Test
  void circuitLayout() {
    var c = new QMambaConfig(4, 2, 3, 2, 1, 1, 5, false);
    assertEquals(2 * 15 + 15 + 15 + 15, c.weightCount());
    var circuit = QMambaCircuit.build(c, 3);
    assertEquals(2 + 3 + 1, circuit.numQubits());
    assertEquals(3 * 2, circuit.measurements().size());
    var ins = circuit.instructions();
    long resets = ins.stream().filter(i -> i instanceof Reset).count();
    assertEquals(2 * (2 + 1), resets); // input + control after every token but the last
    assertTrue(circuit.hasMidCircuitOperations());
    assertEquals(c.weightCount(), circuit.weights().size());
    assertEquals(3 * 2, circuit.inputs().size());
    // A gates fire on control |1>, B gates on |0>
    int control = 5;
    long ctrl = ins.stream().filter(i -> i instanceof GateOperation g && g.controlQubits().length > 0
        && g.controlQubits()[0] == control && g.controlStates()[0]).count();
    long negctrl = ins.stream().filter(i -> i instanceof GateOperation g && g.controlQubits().length > 0
        && g.controlQubits()[0] == control && !g.controlStates()[0]).count();
    assertEquals(3 * (2 * (15 + 5)), ctrl);
    assertEquals(3 * (15 + 5), negctrl);
    // the measurements read the input qubits, step by step
    var ms = circuit.measurements();
    for (int t = 0; t < 3; t++) {
      for (int i = 0; i < 2; i++) {
        Measurement m = ms.get(t * 2 + i);
        assertEquals(i, m.qubit());
        assertEquals(t * 2 + i, m.clbit());
      }
    }
  }

  @Test
  void budgetSplitsTwoOneOneOne() {
    var c = QMambaConfig.ofBudget(4, 2, 4, 1000, true);
    assertEquals(22, c.layersA());
    assertEquals(11, c.layersB());
    assertEquals(11, c.layersC());
    assertEquals(67, c.layersDelta());
    assertTrue(Math.abs(c.weightCount() - 1000) < 30, "weights " + c.weightCount());
  }

  @Test
  void oneTokenMatchesFinalStateOnExact() {
    var model = new QMamba(noisy, SMALL, new Random(3));
    var seqs = new int[][] {{0}, {1}, {2}};
    var p = model.forward(seqs).data();
    // an independent route: no mid-circuit operation for one token, so P(1) = (1 - <Z_0>)/2
    var circuit = model.circuit(1);
    var rows = new double[3][circuit.parameters().size()];
    var w = model.parameters().get("weights").data();
    var ws = QMambaCircuit.weights(SMALL);
    for (int r = 0; r < 3; r++) {
      for (int k = 0; k < w.length; k++) {
        rows[r][circuit.parameterIndex(ws.get(k))] = w[k];
      }
      rows[r][circuit.parameterIndex(QMambaCircuit.input(0, 0))] = r;
    }
    var task = Task.builder(circuit).bindings(rows).readout(Readout.expectations(PauliString.z(0))).build();
    var z = exact.run(List.of(task)).get(0).values();
    for (int r = 0; r < 3; r++) {
      assertEquals((1 - z[r][0]) / 2, p[r], 1e-10);
    }
    // and the three tokens give different outputs (the token reaches the readout)
    assertTrue(Math.abs(p[0] - p[1]) > 1e-3 && Math.abs(p[1] - p[2]) > 1e-3);
  }

  @Test
  void threeTokensMatchExactBranching() {
    var model = new QMamba(noisy, SMALL, new Random(4));
    var other = new QMamba(exact, SMALL, new Random(4));
    var seqs = new int[][] {{0, 1, 2}, {2, 2, 1}};
    var a = model.forward(seqs).data();
    var b = other.forward(seqs).data();
    assertEquals(6, a.length);
    for (int i = 0; i < a.length; i++) {
      assertEquals(b[i], a[i], 1e-10, "value " + i);
      assertTrue(a[i] >= -1e-12 && a[i] <= 1 + 1e-12);
    }
  }

  @Test
  void gradientsMatchCentralDifferences() {
    for (boolean remap : new boolean[] {false, true}) {
      var c = new QMambaConfig(3, 1, 2, 2, 1, 1, 1, remap);
      var model = new QMamba(noisy, c, new Random(5));
      var seqs = new int[][] {{0, 2, 1}, {1, 0, 2}};
      var loss = model.loss(seqs);
      loss.backward();
      var wt = model.parameters().get("weights");
      var g = wt.grad().clone();
      double h = 1e-5;
      for (int k = 0; k < g.length; k++) {
        double keep = wt.data()[k];
        wt.data()[k] = keep + h;
        double up = model.loss(seqs).item();
        wt.data()[k] = keep - h;
        double down = model.loss(seqs).item();
        wt.data()[k] = keep;
        assertEquals((up - down) / (2 * h), g[k], 1e-7, "remap " + remap + ", weight " + k);
      }
      assertTrue(java.util.Arrays.stream(g).anyMatch(v -> Math.abs(v) > 1e-4));
    }
  }

  /** minContext drops the first predictions: the loss is the MSE over the rest, and its gradient is right. */
  @Test
  void lossFromAMinimumContextScoresOnlyTheLaterPredictions() {
    var c = new QMambaConfig(3, 1, 2, 2, 1, 1, 1, true);
    var model = new QMamba(noisy, c, new Random(8));
    var seqs = new int[][] {{0, 2, 1, 1}, {1, 0, 2, 0}};
    var p = model.forward(seqs).data();
    double sum = 0;
    for (int r = 0; r < 2; r++) {
      for (int t = 2; t < 3; t++) { // minContext 3: only the prediction after 3 tokens
        double target = seqs[r][t + 1] / 2.0;
        double d = p[r * 4 + t] - target;
        sum += d * d;
      }
    }
    assertEquals(sum / 2, model.loss(seqs, 3).item(), 1e-12);
    assertEquals(model.loss(seqs).item(), model.loss(seqs, 1).item(), 0);
    assertTrue(Math.abs(model.loss(seqs, 2).item() - model.loss(seqs).item()) > 1e-6);

    dev.qssm.testkit.GradCheck.check(in -> model.loss(seqs, 2), 1e-7, model.parameters().get("weights"));
    var e = assertThrows(QssmException.class, () -> model.loss(seqs, 4));
    assertTrue(e.getMessage().contains("minContext"), e.getMessage());
    assertThrows(QssmException.class, () -> model.loss(seqs, 0));
  }

  @Test
  void adamLowersTheLossOnATinyPattern() {
    var model = new QMamba(noisy, SMALL, new Random(6));
    var seqs = new int[][] {{0, 1, 2, 0}, {1, 2, 0, 1}, {2, 0, 1, 2}};
    var opt = Adam.adam(List.of(new ParamGroup(model.parameters(), 0.1, 0)), 0.9, 0.999, 1e-8);
    double first = model.loss(seqs).item();
    double last = first;
    for (int step = 0; step < 10; step++) {
      opt.zeroGrad();
      var loss = model.loss(seqs);
      loss.backward();
      opt.step();
      last = loss.item();
    }
    last = model.loss(seqs).item();
    assertTrue(last < 0.7 * first, "loss " + first + " -> " + last);
  }

  /** Generation on a session (state kept, linear) equals re-running the prefix for every token. */
  @Test
  void generationOnASessionEqualsRerunningThePrefix() {
    var codec = PatternTrainer.codec(4, 2);
    var config = new QMambaConfig(4, 2, 2, 2, 1, 1, 2, true);
    var model = new QMamba(exact, config, new Random(3));
    // the same backend without a session: QMamba falls back to re-running the prefix
    Backend plain = new Backend() {
      public String name() {
        return "plain";
      }

      public dev.qssm.backend.Capabilities capabilities() {
        return exact.capabilities();
      }

      public List<dev.qssm.backend.TaskResult> run(List<Task> tasks) {
        return exact.run(tasks);
      }
    };
    assertTrue(exact.session(config.numQubits()).isPresent() && plain.session(config.numQubits()).isEmpty());
    var rerun = new QMamba(plain, config, new Random(3));
    int[] prompt = codec.encode("six ");
    for (double temperature : new double[] {0, 0.3}) {
      var viaSession = model.generate(prompt, 12, codec, temperature, new Random(9));
      var viaRerun = rerun.generate(prompt, 12, codec, temperature, new Random(9));
      assertEquals(java.util.Arrays.toString(viaRerun), java.util.Arrays.toString(viaSession),
          "temperature " + temperature);
    }
  }

  @Test
  void badBatchesSayWhatIsWrong() {
    var model = new QMamba(noisy, SMALL, new Random(1));
    assertThrows(QssmException.class, () -> model.forward(new int[][] {{0, 1}, {1}}));
    assertThrows(QssmException.class, () -> model.forward(new int[][] {{0, 9}}));
    assertThrows(QssmException.class, () -> model.loss(new int[][] {{0}}));
    assertThrows(QssmException.class, () -> new QMambaConfig(1, 1, 1, 1, 1, 1, 1, false));
  }
}
