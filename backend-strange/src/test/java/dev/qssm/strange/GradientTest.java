package dev.qssm.strange;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qssm.backend.Backend;
import dev.qssm.backend.BackendConfig;
import dev.qssm.backend.Backends;
import dev.qssm.backend.Readout;
import dev.qssm.backend.Task;
import dev.qssm.circuit.Angle;
import dev.qssm.circuit.Circuit;
import dev.qssm.circuit.Gate;
import dev.qssm.circuit.Parameter;
import dev.qssm.circuit.ParameterKind;
import dev.qssm.circuit.PauliString;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Parameter-shift gradients on Strange against the exact simulator's adjoint gradients, much
 * tighter than the conformance kit's finite differences: controlled rotations (four-term rule),
 * u3, rzz/rxx, a negctrl modifier and an amplitude encoding.
 */
class GradientTest {
  @Test
  void parameterShiftOnStrangeMatchesExactAdjointGradients() {
    var w = Parameter.weight("w");
    var v = Parameter.weight("v");
    var x = Parameter.input("x");
    var a = Parameter.vector("a", 4, ParameterKind.INPUT);
    var circuit = Circuit.builder(3)
        .amplitudeEncoding(a, 0, 2)
        .gate(Gate.U3, List.of(Angle.of(w), Angle.of(x, 0.5, 0.1), Angle.constant(0.3)), 1)
        .gate(Gate.CRY, List.of(Angle.of(v, -1.3, 0)), 1, 0)
        .gate(Gate.RZZ, List.of(Angle.of(x)), 0, 2)
        .controlled(new int[] {0}, new boolean[] {false}, Gate.RX, List.of(Angle.of(w, 0.7, 0)), 2)
        .gate(Gate.RXX, List.of(Angle.of(v)), 2, 1)
        .gate(Gate.CP, List.of(Angle.of(w, 2, 0)), 2, 0)
        .h(1)
        .build();
    var rows = new double[][] {{0.4, -1.1, 0.9, 0.3, -0.5, 0.8, 0.2}, {1.7, 0.6, -0.4, 1.0, 0.1, 0.0, -0.9}};
    // columns: circuit.parameters() order
    var task = Task.builder(circuit).bindings(rows)
        .readout(Readout.expectations(PauliString.parse("ZXI"), PauliString.parse("IYZ"))).build();
    var cot = new double[][] {{0.7, -1.2}, {0.3, 0.5}};
    try (Backend strange = Backends.create(BackendConfig.of("strange"));
        Backend exact = Backends.create(BackendConfig.of("exact"))) {
      var gs = strange.vjp(List.of(task), List.<double[][]>of(cot)).get(0);
      var ge = exact.vjp(List.of(task), List.<double[][]>of(cot)).get(0);
      for (int p = 0; p < gs.weights().length; p++) {
        assertEquals(ge.weights()[p], gs.weights()[p], 1e-4, "weight gradient " + circuit.parameters().get(p));
      }
      for (int r = 0; r < rows.length; r++) {
        for (int p = 0; p < gs.inputs()[r].length; p++) {
          assertEquals(ge.inputs()[r][p], gs.inputs()[r][p], 1e-4, "row " + r + " " + circuit.parameters().get(p));
        }
      }
    }
  }
}
