package dev.qssm.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qssm.circuit.Circuit;
import dev.qssm.circuit.InvalidCircuitException;
import dev.qssm.circuit.Parameter;
import dev.qssm.circuit.ParameterKind;
import dev.qssm.circuit.PauliString;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TaskTest {
  private final Parameter theta = Parameter.weight("theta");
  private final Parameter x = Parameter.input("x");
  private final Circuit circuit = Circuit.builder(2).rx(theta, 0).ry(x, 1).build();

  @Test
  void unboundParameterIsNamed() {
    var e = assertThrows(InvalidCircuitException.class,
        () -> Task.builder(circuit).bind(Map.of(theta, 0.1)).readout(Readout.probabilities()).build());
    assertTrue(e.getMessage().contains("unbound parameter(s) [x]"), e.getMessage());
    e = assertThrows(InvalidCircuitException.class,
        () -> Task.builder(circuit).readout(Readout.probabilities()).build());
    assertTrue(e.getMessage().contains("[theta, x]"), e.getMessage());
  }

  @Test
  void wrongRowLengthNamesWhatIsMissing() {
    var e = assertThrows(InvalidCircuitException.class,
        () -> Task.builder(circuit).bindings(new double[] {0.1}).readout(Readout.probabilities()).build());
    assertTrue(e.getMessage().contains("row 0 has 1 value(s) but the circuit has 2"), e.getMessage());
    assertTrue(e.getMessage().contains("unbound: [x]"), e.getMessage());
  }

  @Test
  void nonFiniteBindingIsNamed() {
    var e = assertThrows(InvalidCircuitException.class, () -> Task.builder(circuit)
        .bindings(new double[] {0.1, 0.2}, new double[] {Double.NaN, 0.2}).readout(Readout.probabilities()).build());
    assertTrue(e.getMessage().contains("row 1: parameter 'theta' is NaN"), e.getMessage());
  }

  @Test
  void unknownParameterInMapIsRejected() {
    var values = new TreeMap<Parameter, Double>((a, b) -> a.name().compareTo(b.name()));
    values.put(theta, 1.0);
    values.put(x, 1.0);
    values.put(Parameter.weight("other"), 1.0);
    var e = assertThrows(InvalidCircuitException.class,
        () -> Task.builder(circuit).bind(values).readout(Readout.probabilities()).build());
    assertTrue(e.getMessage().contains("'other' is not used"), e.getMessage());
  }

  @Test
  void zeroVectorForAmplitudeEncodingIsRejectedUpFront() {
    var xs = Parameter.vector("v", 4, ParameterKind.INPUT);
    var enc = Circuit.builder(2).amplitudeEncoding(xs, 0, 1).build();
    var e = assertThrows(InvalidCircuitException.class, () -> Task.builder(enc)
        .bindings(new double[] {1, 0, 0, 0}, new double[4]).readout(Readout.probabilities()).build());
    assertTrue(e.getMessage().contains("row 1") && e.getMessage().contains("zero vector"), e.getMessage());
  }

  @Test
  void readoutsAreCheckedAgainstTheCircuit() {
    assertThrows(InvalidCircuitException.class,
        () -> Task.builder(circuit).bindings(new double[2]).readout(Readout.probabilities(0, 2)).build());
    assertThrows(InvalidCircuitException.class,
        () -> Task.builder(circuit).bindings(new double[2]).readout(Readout.expectations(PauliString.z(3))).build());
    var e = assertThrows(InvalidCircuitException.class,
        () -> Task.builder(circuit).bindings(new double[2]).readout(Readout.marginals()).build());
    assertTrue(e.getMessage().contains("needs a circuit with measurements"), e.getMessage());
    assertThrows(InvalidCircuitException.class,
        () -> Task.builder(circuit).bindings(new double[2]).readout(Readout.classicalBits()).build());
    assertThrows(InvalidCircuitException.class, () -> Task.builder(circuit).shots(-1));
  }

  @Test
  void resultSizeFollowsTheReadout() {
    var t = Task.builder(circuit).bindings(new double[2]).readout(Readout.probabilities(1)).build();
    assertEquals(2, t.resultSize());
    t = Task.builder(circuit).bindings(new double[2]).readout(Readout.probabilities()).build();
    assertEquals(4, t.resultSize());
  }

  @Test
  void circuitWithoutParametersGetsOneEmptyRow() {
    var t = Task.builder(Circuit.builder(1).h(0).build()).readout(Readout.probabilities()).build();
    assertEquals(1, t.rows());
    assertEquals(0, t.bindings()[0].length);
  }
}
