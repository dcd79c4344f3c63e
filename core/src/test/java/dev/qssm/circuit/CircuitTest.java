package dev.qssm.circuit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CircuitTest {

  @Test
  void qubitOutOfRangeNamesTheQubitAndTheRange() {
    var e = assertThrows(InvalidCircuitException.class, () -> Circuit.builder(3).cx(0, 5));
    assertTrue(e.getMessage().contains("qubit 5 out of range"), e.getMessage());
    assertTrue(e.getMessage().contains("0..2"), e.getMessage());
  }

  @Test
  void repeatedQubitInOneGateIsRejected() {
    var e = assertThrows(InvalidCircuitException.class, () -> Circuit.builder(2).cx(1, 1));
    assertTrue(e.getMessage().contains("appears twice"), e.getMessage());
  }

  @Test
  void modifierControlsAreRangeChecked() {
    var e = assertThrows(InvalidCircuitException.class,
        () -> Circuit.builder(2).controlled(new int[] {7}, new boolean[] {true}, Gate.X, List.of(), 0));
    assertTrue(e.getMessage().contains("qubit 7"), e.getMessage());
  }

  @Test
  void nonFiniteConstantAngleIsRejected() {
    var e = assertThrows(InvalidCircuitException.class, () -> Circuit.builder(1).rx(Double.NaN, 0));
    assertTrue(e.getMessage().contains("finite"), e.getMessage());
    assertThrows(InvalidCircuitException.class, () -> Angle.of(Parameter.weight("w"), Double.POSITIVE_INFINITY, 0));
  }

  @Test
  void amplitudeEncodingMustComeFirstOnItsQubits() {
    var xs = Parameter.vector("x", 4, ParameterKind.INPUT);
    var e = assertThrows(InvalidCircuitException.class, () -> Circuit.builder(2).h(1).amplitudeEncoding(xs, 0, 1));
    assertTrue(e.getMessage().contains("first operation"), e.getMessage());
    var tooMany = Parameter.vector("x", 5, ParameterKind.INPUT);
    e = assertThrows(InvalidCircuitException.class, () -> Circuit.builder(2).amplitudeEncoding(tooMany, 0, 1));
    assertTrue(e.getMessage().contains("1..4"), e.getMessage());
  }

  @Test
  void amplitudeEncodingNormalisesAndRefusesZero() {
    var enc = new AmplitudeEncoding(new int[] {0, 1}, Parameter.vector("x", 3, ParameterKind.INPUT));
    var a = enc.normalisedAmplitudes(new double[] {3, 0, -4});
    assertEquals(4, a.length);
    assertEquals(0.6, a[0], 1e-15);
    assertEquals(-0.8, a[2], 1e-15);
    assertEquals(0, a[3]);
    var e = assertThrows(InvalidCircuitException.class, () -> enc.normalisedAmplitudes(new double[3]));
    assertTrue(e.getMessage().contains("zero vector"), e.getMessage());
    e = assertThrows(InvalidCircuitException.class, () -> enc.normalisedAmplitudes(new double[2]));
    assertTrue(e.getMessage().contains("expects 3"), e.getMessage());
  }

  @Test
  void parameterUsedWithTwoKindsIsRejected() {
    var e = assertThrows(InvalidCircuitException.class,
        () -> Circuit.builder(1).rx(Parameter.weight("a"), 0).ry(Parameter.input("a"), 0));
    assertTrue(e.getMessage().contains("both as weight and as input"), e.getMessage());
  }

  @Test
  void parameterOrderIsDeclaredThenFirstUse() {
    var a = Parameter.weight("a");
    var b = Parameter.input("b");
    var c = Parameter.weight("c");
    var circuit = Circuit.builder(1).declare(c).rx(b, 0).ry(a, 0).rz(c, 0).rx(b, 0).build();
    assertEquals(List.of(c, b, a), circuit.parameters());
    assertEquals(List.of(c, a), circuit.weights());
    assertEquals(List.of(b), circuit.inputs());
    assertEquals(1, circuit.parameterIndex(b));
    assertEquals(-1, circuit.parameterIndex(Parameter.weight("zz")));
  }

  @Test
  void classicalBitsAreRangeChecked() {
    var e = assertThrows(InvalidCircuitException.class, () -> Circuit.builder(1).measure(0, 0));
    assertTrue(e.getMessage().contains("classical bit 0 out of range"), e.getMessage());
    var c = Circuit.builder(2).classicalRegister("a", 1).classicalRegister("b", 2).measure(0, 2).build();
    assertEquals(3, c.numClbits());
    assertEquals(1, c.registers().get(1).offset());
  }

  @Test
  void midCircuitOperationsAreDetected() {
    assertFalse(Circuit.builder(2).h(0).cx(0, 1).measureAll().build().hasMidCircuitOperations());
    assertTrue(Circuit.builder(1).classicalRegister("c", 1).h(0).measure(0, 0).x(0).build().hasMidCircuitOperations());
    assertTrue(Circuit.builder(1).h(0).reset(0).build().hasMidCircuitOperations());
    assertFalse(Circuit.builder(1).reset(0).h(0).build().hasMidCircuitOperations());
    assertFalse(Circuit.builder(2).h(0).measureAll().build().isUnitary());
  }

  @Test
  void withInstructionReplacesOneStep() {
    var w = Parameter.weight("w");
    var c = Circuit.builder(1).rx(w, 0).h(0).build();
    var op = (GateOperation) c.instructions().get(0);
    var shifted = c.withInstruction(0, op.withAngles(List.of(op.angles().get(0).shifted(Math.PI / 2))));
    assertEquals(Math.PI / 2, ((GateOperation) shifted.instructions().get(0)).angles().get(0).offset());
    assertEquals(c.parameters(), shifted.parameters());
  }

  @Test
  void pauliLabelsUseQiskitOrder() {
    var p = PauliString.parse("XIZ");
    assertEquals("XIZ", p.label(3));
    assertEquals(2, p.maxQubit());
    assertEquals("ZX", p.ops());
    assertThrows(InvalidCircuitException.class, () -> PauliString.parse("XQ"));
  }
}
