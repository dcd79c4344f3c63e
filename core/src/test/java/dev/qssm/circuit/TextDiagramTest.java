package dev.qssm.circuit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qssm.QssmException;
import dev.qssm.qnn.QuantumProjection;
import dev.qssm.testkit.ReferenceBackend;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TextDiagramTest {
  private static final Parameter THETA = Parameter.weight("theta");

  @Test
  void bell() {
    var c = Circuit.builder(2).h(0).cx(0, 1).build();
    assertEquals("""
        q0: ─H──●─
                │
        q1: ────X─
        """, c.draw());
  }

  @Test
  void modifierControlsArePositiveDotsAndNegativeCircles() {
    var op = new GateOperation(Gate.RX, List.of(Angle.of(THETA)), new int[] {2}, new int[] {0, 1},
        new boolean[] {true, false});
    var c = Circuit.builder(3).append(op).build();
    assertEquals("""
        q0: ─────●─────
                 │
        q1: ─────○─────
                 │
        q2: ─RX(theta)─
        """, c.draw());
  }

  @Test
  void aWireBetweenControlAndTargetIsCrossedAndTheNextGateMovesRight() {
    // cx 0->2 spans q1, so h on q1 cannot share its column; h on q3 can
    var c = Circuit.builder(4).cx(0, 2).h(1).h(3).build();
    assertEquals("""
        q0: ─●────
             │
        q1: ─┼──H─
             │
        q2: ─X────

        q3: ─H────
        """, c.draw());
  }

  @Test
  void measurementResetBarrierAndConditional() {
    var c = Circuit.builder(2).classicalRegister("c", 2)
        .h(0).measure(0, 0).reset(0).x(1)
        .conditional(0, true, GateOperation.of(Gate.X, List.of(), 1))
        .barrier().measure(1, 1).build();
    // the conditional stands right of the measurement it reads, though its qubit is free earlier
    assertEquals("""
        q0: ─H──M→c[0]──────|0>───────░─────────
                                      ░
        q1: ─X──────────X if c[0]==1──░──M→c[1]─
        """, c.draw());
  }

  @Test
  void amplitudeEncodingIsABoxAndAnglesShowAsExpressions() {
    var x = Parameter.vector("x", 4, ParameterKind.INPUT);
    var c = Circuit.builder(3).amplitudeEncoding(x, 0, 2).ry(Angle.of(THETA, 2, Math.PI / 2), 1)
        .swap(0, 2).rz(-0.3, 1).build();
    assertEquals("""
        q0: ─┤AMP(x[0..3])├────────────────────×───────────
             │            │                    │
        q1: ─┼────────────┼──RY(2*theta+pi/2)──┼──RZ(-0.3)─
             │            │                    │
        q2: ─┤            ├────────────────────×───────────
        """, c.draw());
  }

  @Test
  void longCircuitsFoldAtTheWidth() {
    var b = Circuit.builder(1);
    for (int i = 0; i < 6; i++) {
      b.h(0);
    }
    var c = b.build();
    assertEquals("q0: ─H──H──H──H──H──H─\n", c.draw());
    assertEquals("""
        q0: ─H──H──H─»

        q0: «─H──H──H─
        """, c.draw(14));
    for (var line : c.draw(10).split("\n")) {
      assertTrue(line.length() <= 10, line);
    }
    assertThrows(QssmException.class, () -> c.draw(3));
  }

  @Test
  void aQuantumProjectionCircuit() {
    var layer = new QuantumProjection(new ReferenceBackend(), 4, 3, QuantumProjection.Options.defaults().withLayers(1),
        new Random(1));
    assertEquals("""
        q0: ─┤AMP(x[0..3])├──RZ(w0_0_a)──RY(w0_0_b)──RZ(w0_0_c)──●─
             │            │                                      │
        q1: ─┤            ├──RZ(w0_1_a)──RY(w0_1_b)──RZ(w0_1_c)──X─
        """, layer.circuit().draw());
  }

  @Test
  void numbers() {
    assertEquals("pi", TextDiagram.number(Math.PI));
    assertEquals("-pi/4", TextDiagram.number(-Math.PI / 4));
    assertEquals("3pi/2", TextDiagram.number(3 * Math.PI / 2));
    assertEquals("0.3", TextDiagram.number(0.3));
    assertEquals("1.235", TextDiagram.number(1.23456));
    assertEquals("1e-5", TextDiagram.number(1e-5));
    assertEquals("-theta-pi/2", TextDiagram.angle(Angle.of(THETA, -1, -Math.PI / 2)));
  }
}
