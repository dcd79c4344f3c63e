package dev.qssm.qasm;

import static dev.qssm.qasm.QasmTesting.assertSameState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qssm.circuit.Angle;
import dev.qssm.circuit.Circuit;
import dev.qssm.circuit.Gate;
import dev.qssm.circuit.GateOperation;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QasmGateDefinitionTest {

  /** A state with no special symmetry on 4 qubits, written as QASM and as IR. */
  private static final String PREP = "ry(0.3) q[0]; rz(1.1) q[0]; ry(1.7) q[1]; rx(-0.6) q[2]; h q[3];"
      + " cx q[3], q[2]; ry(0.8) q[3]; rz(-0.4) q[1];";

  private static Circuit.Builder prep() {
    return Circuit.builder(4).ry(0.3, 0).rz(1.1, 0).ry(1.7, 1).rx(-0.6, 2).h(3).cx(3, 2).ry(0.8, 3).rz(-0.4, 1);
  }

  /** The exported definition of g, renamed so the importer expands it inline instead of mapping it. */
  private static String renamedDefinition(Gate g) {
    var b = Circuit.builder(2);
    b.gate(g, g.numParams() == 0 ? List.of() : List.of(Angle.constant(0.1)), 0, 1);
    String text = Qasm.toQasm3(b.build());
    String def = text.lines().filter(l -> l.startsWith("gate " + g.qasmName())).findFirst().orElseThrow();
    return def.replace("gate " + g.qasmName(), "gate my_" + g.qasmName());
  }

  @Test
  void exportedDefinitionsAreExactlyTheIrGatesAlsoUnderControl() {
    var rnd = new Random(5);
    for (Gate g : List.of(Gate.RZZ, Gate.RXX, Gate.ECR)) {
      String def = renamedDefinition(g);
      for (int trial = 0; trial < 5; trial++) {
        double theta = (rnd.nextDouble() - 0.5) * 8;
        String arg = g.numParams() == 0 ? "" : "(" + theta + ")";
        List<Angle> angles = g.numParams() == 0 ? List.of() : List.of(Angle.constant(theta));
        String head = "include \"stdgates.inc\";\n" + def + "\nqubit[4] q;\n" + PREP + "\n";

        Circuit plain = Qasm.parse(head + "my_" + g.qasmName() + arg + " q[1], q[2];");
        assertSameState(QasmTesting.state(prep().gate(g, angles, 1, 2).build()), QasmTesting.state(plain), 1e-12,
            g + " plain");

        Circuit ctrl = Qasm.parse(head + "ctrl @ negctrl @ my_" + g.qasmName() + arg + " q[3], q[0], q[2], q[1];");
        Circuit ir = prep().controlled(new int[] {3, 0}, new boolean[] {true, false}, g, angles, 2, 1).build();
        assertSameState(QasmTesting.state(ir), QasmTesting.state(ctrl), 1e-12, g + " controlled");
      }
    }
  }

  @Test
  void exportedDefinitionsMapBackToTheIrGatesEvenWhenControlled() {
    var c = Circuit.builder(3)
        .controlled(new int[] {0}, new boolean[] {true}, Gate.ECR, List.of(), 1, 2)
        .controlled(new int[] {2}, new boolean[] {false}, Gate.RZZ, List.of(Angle.constant(0.4)), 0, 1)
        .controlled(new int[] {1}, new boolean[] {true}, Gate.RXX, List.of(Angle.constant(-1.2)), 2, 0)
        .build();
    String text = Qasm.toQasm3(c);
    assertTrue(text.contains("gate ecr _a, _b {"), text);
    assertEquals(c.instructions(), Qasm.parse(text).instructions());
  }

  @Test
  void qasm2EcrDefinitionIsTheIrGate() {
    var c = prep().gate(Gate.ECR, 2, 0).build();
    String text = Qasm.toQasm2(c);
    assertTrue(text.contains("gate ecr a, b {"), text);
    Circuit back = Qasm.parse(text);
    assertEquals(c.instructions(), back.instructions());
    Circuit inline = Qasm.parse(text.replace("gate ecr", "gate my_ecr").replace("ecr q[2]", "my_ecr q[2]"));
    assertEquals(8 + 11, inline.instructions().size(), "expanded inline: 11 gates instead of 1");
    assertSameState(QasmTesting.state(c), QasmTesting.state(inline), 1e-12, "qasm2 ecr");
  }

  @Test
  void aDefinitionNamedRzzThatIsNotRzzStaysAUserGate() {
    Circuit c = Qasm.parse("""
        include "stdgates.inc";
        gate rzz(t) a, b { rx(t) a; }
        qubit[2] q;
        rzz(0.5) q[0], q[1];
        """);
    assertEquals(List.of(GateOperation.of(Gate.RX, List.of(Angle.constant(0.5)), 0)), c.instructions());
  }

  @Test
  void userGateWithBodyModifiersAndBarrierExpandsToTheSameStateAsItsIr() {
    Circuit c = Qasm.parse("include \"stdgates.inc\"; gate g(a) x, y, z { ctrl @ ry(a) x, y; barrier x, z;"
        + " negctrl(2) @ h x, y, z; inv @ s z; }\nqubit[4] q;\n" + PREP + "\nctrl @ g(0.9) q[1], q[0], q[3], q[2];");
    Circuit ir = prep()
        .controlled(new int[] {1, 0}, new boolean[] {true, true}, Gate.RY, List.of(Angle.constant(0.9)), 3)
        .barrier(0, 2)
        .controlled(new int[] {1, 0, 3}, new boolean[] {true, false, false}, Gate.H, List.of(), 2)
        .controlled(new int[] {1}, new boolean[] {true}, Gate.SDG, List.of(), 2)
        .build();
    assertEquals(ir.instructions(), c.instructions());
    assertSameState(QasmTesting.state(ir), QasmTesting.state(c), 1e-12, "user gate");
  }
}
