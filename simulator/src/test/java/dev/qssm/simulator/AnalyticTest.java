package dev.qssm.simulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qssm.backend.Readout;
import dev.qssm.backend.Task;
import dev.qssm.circuit.Angle;
import dev.qssm.circuit.Circuit;
import dev.qssm.circuit.Gate;
import dev.qssm.circuit.Parameter;
import dev.qssm.circuit.PauliString;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Circuits whose results are known in closed form, on every layout. */
class AnalyticTest {
  private static final double TOL = 1e-12;
  private static List<ExactBackend> backends;

  @BeforeAll
  static void open() {
    backends = List.of(Backends.standard(), Backends.rowByRow(), Backends.threaded());
  }

  @AfterAll
  static void close() {
    backends.forEach(ExactBackend::close);
  }

  private static double[] run(Circuit c, Readout r, double... binding) {
    var task = Task.builder(c).bindings(binding).readout(r).build();
    double[] first = null;
    for (var b : backends) {
      var v = b.run(task).values()[0];
      if (first == null) {
        first = v;
      } else {
        assertArrayEquals(first, v, TOL, "layouts disagree on " + b);
      }
    }
    return first;
  }

  @Test
  void zeroQubitCircuitHasOneOutcome() {
    var c = Circuit.builder(0).build();
    assertArrayEquals(new double[] {1}, run(c, Readout.probabilities()), TOL);
    assertArrayEquals(new double[] {1}, run(c, Readout.expectations(new PauliString(new int[0], ""))), TOL);
  }

  @Test
  void bell() {
    var c = Circuit.builder(2).h(0).cx(0, 1).build();
    assertArrayEquals(new double[] {0.5, 0, 0, 0.5}, run(c, Readout.probabilities()), TOL);
    assertArrayEquals(new double[] {1, 1, -1, 0},
        run(c, Readout.expectations(PauliString.parse("ZZ"), PauliString.parse("XX"), PauliString.parse("YY"),
            PauliString.z(0))), TOL);
  }

  @Test
  void ghz3() {
    var c = Circuit.builder(3).h(0).cx(0, 1).cx(1, 2).build();
    assertArrayEquals(new double[] {0.5, 0, 0, 0, 0, 0, 0, 0.5}, run(c, Readout.probabilities()), TOL);
    assertArrayEquals(new double[] {1, 1, 0, -1},
        run(c, Readout.expectations(PauliString.parse("ZZI"), PauliString.parse("XXX"), PauliString.parse("ZII"),
            PauliString.parse("XYY"))), TOL);
  }

  @Test
  void ryThirdOfPiGivesAQuarter() {
    var theta = Parameter.weight("theta");
    var c = Circuit.builder(1).ry(theta, 0).build();
    assertEquals(0.25, run(c, Readout.probabilities(), Math.PI / 3)[1], TOL);
    assertEquals(0.5, run(c, Readout.expectations(PauliString.z(0)), Math.PI / 3)[0], TOL);
  }

  @Test
  void controlledRzActsOnlyWhenTheControlIsOne() {
    var theta = Parameter.weight("theta");
    double t = 1.234;
    for (int control = 0; control <= 1; control++) {
      var b = Circuit.builder(2);
      if (control == 1) {
        b.x(0);
      }
      var c = b.h(1).gate(Gate.CRZ, List.of(Angle.of(theta)), 0, 1).h(1).build();
      double expected = control == 1 ? Math.pow(Math.sin(t / 2), 2) : 0;
      assertEquals(expected, run(c, Readout.probabilities(1), t)[1], TOL);
    }
  }

  @Test
  void ctrlNegctrlModifiersFollowTheTruthTable() {
    for (int input = 0; input < 8; input++) {
      var b = Circuit.builder(3);
      for (int q = 0; q < 3; q++) {
        if ((input >> q & 1) == 1) {
          b.x(q);
        }
      }
      // ctrl @ negctrl @ x q0, q1, q2: flips q2 when q0 = 1 and q1 = 0
      var c = b.controlled(new int[] {0, 1}, new boolean[] {true, false}, Gate.X, List.of(), 2).build();
      int expected = (input & 1) == 1 && (input >> 1 & 1) == 0 ? input ^ 4 : input;
      var p = run(c, Readout.probabilities());
      assertEquals(1, p[expected], TOL, "input " + input);
    }
  }

  @Test
  void probabilityIndexBitsFollowTheListedQubits() {
    var c = Circuit.builder(3).x(0).build();
    assertArrayEquals(new double[] {0, 0, 1, 0}, run(c, Readout.probabilities(1, 0)), TOL);
    assertArrayEquals(new double[] {0, 1}, run(c, Readout.probabilities(0)), TOL);
  }

  @Test
  void ccxAndCswapAreBaseGatesWithControls() {
    var c = Circuit.builder(3).x(0).x(1).ccx(0, 1, 2).build();
    assertEquals(1, run(c, Readout.probabilities())[7], TOL);
    var s = Circuit.builder(3).x(0).x(1).gate(Gate.CSWAP, 0, 1, 2).build();
    assertEquals(1, run(s, Readout.probabilities())[0b101], TOL);
  }

  @Test
  void marginalsAndClassicalBitsOfTerminalMeasurements() {
    var theta = Parameter.weight("theta");
    var c = Circuit.builder(2).classicalRegister("c", 3).ry(theta, 0).x(1).measure(0, 2).measure(1, 0).build();
    double t = 0.9;
    double p1 = Math.pow(Math.sin(t / 2), 2);
    assertArrayEquals(new double[] {p1, 1}, run(c, Readout.marginals(), t), TOL);
    var bits = run(c, Readout.classicalBits(), t);
    assertEquals(1 - p1, bits[0b001], TOL);
    assertEquals(p1, bits[0b101], TOL);
  }

  @Test
  void amplitudeEncodingWritesTheNormalisedVector() {
    var a = dev.qssm.circuit.Parameter.vector("a", 3, dev.qssm.circuit.ParameterKind.INPUT);
    var c = Circuit.builder(3).x(2).amplitudeEncoding(a, 1, 0).build();
    // slot bit 0 -> qubit 1, slot bit 1 -> qubit 0; qubit 2 already |1>
    var p = run(c, Readout.probabilities(), 1, 2, 2);
    assertEquals(1.0 / 9, p[0b100], TOL);
    assertEquals(4.0 / 9, p[0b110], TOL);
    assertEquals(4.0 / 9, p[0b101], TOL);
  }
}
