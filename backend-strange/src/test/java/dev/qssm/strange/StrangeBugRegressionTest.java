package dev.qssm.strange;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qssm.backend.Backend;
import dev.qssm.backend.BackendConfig;
import dev.qssm.backend.Backends;
import dev.qssm.backend.Readout;
import dev.qssm.backend.Task;
import dev.qssm.backend.UnsupportedCircuitException;
import dev.qssm.circuit.Circuit;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.redfx.strange.Complex;
import org.redfx.strange.Gate;
import org.redfx.strange.Program;
import org.redfx.strange.Result;
import org.redfx.strange.Step;
import org.redfx.strange.gate.Cnot;
import org.redfx.strange.gate.Hadamard;
import org.redfx.strange.gate.Measurement;
import org.redfx.strange.gate.RotationZ;
import org.redfx.strange.gate.SingleQubitMatrixGate;
import org.redfx.strange.gate.Toffoli;
import org.redfx.strange.gate.X;
import org.redfx.strange.local.SimpleQuantumExecutionEnvironment;

/**
 * One test per documented Strange 0.1.3 defect. Each shows both sides: raw Strange really
 * misbehaves (so the test notices if a new Strange fixes it and the workaround can go), and the
 * backend gives the textbook answer for the same circuit.
 */
class StrangeBugRegressionTest {
  private final Backend backend = Backends.create(BackendConfig.of("strange"));
  private final Backend exact = Backends.create(BackendConfig.of("exact"));

  @AfterEach
  void close() {
    backend.close();
    exact.close();
  }

  // ---- B1: RotationZ is a pure global phase ----

  @Test
  void rzBetweenHadamardsGivesOneHalf() {
    var raw = run(1, new Step(new Hadamard(0)), new Step(new RotationZ(Math.PI / 2, 0)), new Step(new Hadamard(0)));
    assertEquals(0, p(raw, 1), 1e-6, "raw Strange: RotationZ(π/2) should (wrongly) do nothing, so P(1) = 0");

    var circuit = Circuit.builder(1).h(0).rz(Math.PI / 2, 0).h(0).build();
    assertArrayEquals(new double[] {0.5, 0.5}, probabilities(backend, circuit), 1e-6, "textbook: P(1) = 1/2");
  }

  // ---- B3: Toffoli is wrong for some layouts ----

  @Test
  void ccxWithTheTargetBetweenItsControlsUsesTheRightControls() {
    // |q2 q1 q0> = |011>: controls 0 and 2 of CCX(0, 2 -> 1) are not both set, nothing may change
    var raw = run(3, new Step(new X(0), new X(1)), new Step(new Toffoli(0, 2, 1)));
    assertEquals(1, p(raw, 7), 1e-6, "raw Strange: Toffoli(0,2,1) acts as CCX(0,1 -> 2), flipping q2");

    var notFiring = Circuit.builder(3).x(0).x(1).ccx(0, 2, 1).build();
    assertEquals(1, probabilities(backend, notFiring)[3], 1e-6, "controls 0 and 2 not both 1: state stays |011>");
    var firing = Circuit.builder(3).x(0).x(2).ccx(0, 2, 1).build();
    assertEquals(1, probabilities(backend, firing)[7], 1e-6, "controls 0 and 2 set: target 1 flips, |101> -> |111>");
    var reversed = Circuit.builder(3).x(2).x(0).ccx(2, 0, 1).build();
    assertEquals(1, probabilities(backend, reversed)[7], 1e-6, "CCX(2,0 -> 1) too");
  }

  @Test
  void everyToffoliLayoutOnFourQubitsMatchesTheExactSimulator() {
    for (int a = 0; a < 4; a++) {
      for (int b = 0; b < 4; b++) {
        for (int t = 0; t < 4; t++) {
          if (a == b || a == t || b == t) {
            continue;
          }
          var c = Circuit.builder(4).h(0).h(1).h(2).h(3).ry(0.3, a).ry(1.1, t).ccx(a, b, t).build();
          assertArrayEquals(probabilities(exact, c), probabilities(backend, c), 1e-6, "ccx " + a + "," + b + "->" + t);
        }
      }
    }
  }

  // ---- B5: a non-adjacent two-qubit gate drops or misapplies its Step-mates ----

  @Test
  void gatesBesideANonAdjacentCnotAreNotLost() {
    // |001>, then {CNOT(0 -> 2), X(1)} in one Step: correct result |111>
    var raw = run(3, new Step(new X(0)), new Step(new Cnot(0, 2), new X(1)));
    assertTrue(p(raw, 7) < 0.5, "raw Strange: sharing a Step with Cnot(0,2) should (wrongly) spoil X(1)");

    var circuit = Circuit.builder(3).x(0).cx(0, 2).x(1).build();
    assertEquals(1, probabilities(backend, circuit)[7], 1e-6, "textbook: |111>");
    var steps = Translation.steps(3, Translation.lower(circuit, new double[0]));
    for (Step s : steps) {
      long multi = s.getGates().stream().filter(g -> g.getAffectedQubitIndexes().size() > 1).count();
      assertTrue(multi == 0 || s.getGates().size() == 1, "a multi-qubit gate must be alone in its Step: " + s.getGates());
    }
  }

  // ---- B2: initializeQubit uses the reversed qubit order ----

  @Test
  void statesArePreparedWithGatesNotInitializeQubit() {
    var p = new Program(3);
    p.initializeQubit(0, 0.0); // asks for |q0 = 1>
    p.addStep(new Step(new Gate[] {new org.redfx.strange.gate.Identity(0)}));
    var raw = new SimpleQuantumExecutionEnvironment().runProgram(p).getProbability();
    assertEquals(1, raw[4].abssqr(), 1e-6, "raw Strange: initializeQubit(0, 0) sets q2 instead (index 4)");

    var circuit = Circuit.builder(3).x(0).build();
    assertEquals(1, probabilities(backend, circuit)[1], 1e-6, "x on qubit 0 gives index 1");
    var ry = Circuit.builder(3).ry(2 * Math.acos(0.6), 0).build(); // alpha = 0.6 on qubit 0
    var probs = probabilities(backend, ry);
    assertEquals(0.36, probs[0], 1e-6);
    assertEquals(0.64, probs[1], 1e-6);
  }

  // ---- Measurement never collapses; there is no reset ----

  @Test
  void measurementWithLaterGatesIsRefusedNotSilentlyWrong() {
    var h = new Complex[][] {
      {new Complex(Math.sqrt(0.5), 0), new Complex(Math.sqrt(0.5), 0)},
      {new Complex(Math.sqrt(0.5), 0), new Complex(-Math.sqrt(0.5), 0)}};
    var raw = run(1, new Step(new Hadamard(0)), new Step(new Measurement(0)),
        new Step(new SingleQubitMatrixGate(0, h)));
    assertEquals(0, p(raw, 1), 1e-6, "raw Strange: no collapse, so h·measure·h gives P(1) = 0 instead of 1/2");

    var circuit = Circuit.builder(1).classicalRegister("c", 2).h(0).measure(0, 0).h(0).measure(0, 1).build();
    var task = Task.builder(circuit).readout(Readout.marginals()).build();
    var e = assertThrows(UnsupportedCircuitException.class, () -> backend.run(task));
    assertTrue(e.getMessage().contains("mid-circuit"), e.getMessage());

    var reset = Circuit.builder(1).classicalRegister("c", 2).h(0).measure(0, 0).reset(0).measure(0, 1).build();
    assertThrows(UnsupportedCircuitException.class,
        () -> backend.run(Task.builder(reset).readout(Readout.marginals()).build()));
  }

  @Test
  void deferrableMeasurementsAndLeadingResetsAreExact() {
    // measure, then the qubit is only a control or gets diagonal gates: the measurement commutes to the end
    var circuit = Circuit.builder(3).classicalRegister("c", 3).reset(2).h(0).ry(0.7, 1).measure(0, 0)
        .cx(0, 1).rz(0.4, 0).measure(1, 1).cz(1, 2).h(2).measure(2, 2).build();
    for (var readout : List.of(Readout.classicalBits(), Readout.marginals(), Readout.probabilities())) {
      var task = Task.builder(circuit).readout(readout).build();
      assertArrayEquals(exact.run(task).values()[0], backend.run(task).values()[0], 1e-6, readout.toString());
    }
  }

  // ---- B6: a Program without Steps crashes ----

  @Test
  void emptyCircuitGivesTheGroundState() {
    assertThrows(ArrayIndexOutOfBoundsException.class,
        () -> new SimpleQuantumExecutionEnvironment().runProgram(new Program(2)),
        "raw Strange: a Program with no Steps crashes");

    assertArrayEquals(new double[] {1, 0, 0, 0}, probabilities(backend, Circuit.builder(2).build()), 0);
    var idle = Circuit.builder(2).classicalRegister("c", 2).id(1).barrier().measure(0, 0).measure(1, 1).build();
    assertArrayEquals(new double[] {1, 0, 0, 0},
        backend.run(Task.builder(idle).readout(Readout.classicalBits()).build()).values()[0], 0);
  }

  // ---- Result.getProbability() returns amplitudes, not probabilities ----

  @Test
  void probabilitiesAreSquaredAmplitudes() {
    var raw = run(1, new Step(new org.redfx.strange.gate.RotationY(2 * Math.acos(0.6), 0)));
    assertEquals(0.6, raw[0].r, 1e-6, "raw Strange: getProbability() holds the amplitude 0.6");

    var circuit = Circuit.builder(1).ry(2 * Math.acos(0.6), 0).build();
    assertArrayEquals(new double[] {0.36, 0.64}, probabilities(backend, circuit), 1e-6);
  }

  // ---- Strange prints; its output is silenced during a run, other threads' output is not ----

  @Test
  void outputOfARunIsSilencedAndOtherOutputIsNot() throws Exception {
    var saved = System.out;
    var captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      StrangeRunner.Silence.during(() -> {
        System.out.println("from the run");
        var other = new Thread(() -> System.out.println("from elsewhere"));
        other.start();
        try {
          other.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return null;
      });
      System.out.println("after");
    } finally {
      System.setOut(saved);
    }
    var text = captured.toString(StandardCharsets.UTF_8);
    assertFalse(text.contains("from the run"), text);
    assertTrue(text.contains("from elsewhere") && text.contains("after"), text);
  }

  // ---- helpers ----

  private static Complex[] run(int n, Step... steps) {
    var p = new Program(n);
    for (var s : steps) {
      p.addStep(s);
    }
    Result r = new SimpleQuantumExecutionEnvironment().runProgram(p);
    return r.getProbability();
  }

  private static double p(Complex[] amps, int index) {
    return amps[index].abssqr();
  }

  private static double[] probabilities(Backend b, Circuit c) {
    return b.run(Task.builder(c).readout(Readout.probabilities()).build()).values()[0];
  }
}
