package dev.qssm.qasm;

import static dev.qssm.qasm.QasmTesting.assertClose;
import static dev.qssm.qasm.QasmTesting.assertSameState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qssm.circuit.Angle;
import dev.qssm.circuit.Barrier;
import dev.qssm.circuit.Circuit;
import dev.qssm.circuit.ClassicalRegister;
import dev.qssm.circuit.Gate;
import dev.qssm.circuit.GateOperation;
import dev.qssm.circuit.Measurement;
import dev.qssm.circuit.Parameter;
import dev.qssm.circuit.Reset;
import java.util.List;
import org.junit.jupiter.api.Test;

class QasmImportTest {
  private static final double PI = Math.PI;

  @Test
  void bellStateHasHalfAndHalf() {
    Circuit c = Qasm.parse("""
        OPENQASM 3.0;
        include "stdgates.inc";
        qubit[2] q;
        bit[2] c;
        h q[0];
        cx q[0], q[1];
        c[0] = measure q[0];
        c[1] = measure q[1];
        """);
    assertEquals(2, c.numQubits());
    assertEquals(List.of(new ClassicalRegister("c", 2, 0)), c.registers());
    assertClose(new double[] {0.5, 0, 0, 0.5}, QasmTesting.probabilities(c), 1e-12, "bell");
    assertClose(new double[] {0.5, 0, 0, 0.5}, QasmTesting.classicalBits(c), 1e-12, "bell bits");
  }

  @Test
  void ghz3WithRegisterBroadcastMeasure() {
    Circuit c = Qasm.parse("""
        OPENQASM 3;
        include "stdgates.inc";
        qubit[3] q;
        bit[3] c;
        h q[0];
        cx q[0], q[1];
        cx q[1], q[2];
        c = measure q;
        """);
    var p = new double[8];
    p[0] = p[7] = 0.5;
    assertClose(p, QasmTesting.classicalBits(c), 1e-12, "ghz");
    assertEquals(3, c.measurements().size());
    assertEquals(new Measurement(2, 2), c.measurements().get(2));
  }

  @Test
  void qiskitStyleProgramWithParametersAndSeveralRegisters() {
    // the shape qiskit.qasm3.dumps writes
    Circuit c = Qasm.parse("""
        OPENQASM 3.0;
        include "stdgates.inc";
        input float[64] theta;
        input float[64] phi;
        bit[2] c;
        qubit[2] q;
        qubit anc;
        ry(theta) q[0];
        rz(-phi/2 + pi) q[1];
        cx q[0], anc;
        c = measure q;
        """);
    assertEquals(List.of(Parameter.input("theta"), Parameter.input("phi")), c.parameters());
    assertEquals(3, c.numQubits());
    var rz = (GateOperation) c.instructions().get(1);
    assertEquals(Angle.of(Parameter.input("phi"), -0.5, PI), rz.angles().get(0));
    var cx = (GateOperation) c.instructions().get(2);
    assertEquals(2, cx.qubits()[1], "anc is flattened after q[0], q[1]");
    // P(q0 = 1) = sin²(θ/2); anc copies q0
    double theta = 1.1;
    double[] p = QasmTesting.probabilities(c, theta, 0.4);
    double p1 = 0;
    for (int i = 0; i < 8; i++) {
      if ((i & 1) == 1) {
        p1 += p[i];
        assertEquals(0, p[i] * (1 - ((i >> 2) & 1)), 1e-12, "anc follows q0");
      }
    }
    assertEquals(Math.pow(Math.sin(theta / 2), 2), p1, 1e-12);
  }

  @Test
  void ryPiThirdGivesAQuarter() {
    Circuit c = Qasm.parse("OPENQASM 3.0; include \"stdgates.inc\"; qubit q; ry(pi/3) q;");
    assertEquals(0.25, QasmTesting.probabilities(c)[1], 1e-12);
  }

  @Test
  void qasm2Qelib1ProgramWithCrzAndArrowMeasure() {
    Circuit c = Qasm.parse("""
        OPENQASM 2.0;
        include "qelib1.inc";
        qreg q[2];
        creg c[2];
        u2(0, pi) q[0];      // a Hadamard
        h q[1];
        crz(pi/3) q[0], q[1];
        h q[1];
        measure q -> c;
        """);
    // H rz(θ) H |0> has P(1) = sin²(θ/2) = 1/4 for θ = π/3; without the control firing, P(1) = 0
    double[] bits = QasmTesting.classicalBits(c); // index = c[0] + 2 c[1]
    assertEquals(0.5, bits[0], 1e-12);
    assertEquals(0.5 * 0.75, bits[1], 1e-12);
    assertEquals(0, bits[2], 1e-12);
    assertEquals(0.5 * 0.25, bits[3], 1e-12);
  }

  @Test
  void ctrlModifiersMatchNamedControlledGates() {
    Circuit mod = Qasm.parse("""
        include "stdgates.inc";
        qubit[3] q;
        h q;
        ctrl @ rz(0.7) q[0], q[1];
        negctrl @ ctrl @ x q[2], q[0], q[1];
        ctrl(2) @ ry(0.3) q[1], q[2], q[0];
        """);
    Circuit named = Circuit.builder(3).h(0).h(1).h(2)
        .gate(Gate.CRZ, List.of(Angle.constant(0.7)), 0, 1)
        .x(2).ccx(2, 0, 1).x(2)
        .controlled(new int[] {1, 2}, new boolean[] {true, true}, Gate.RY, List.of(Angle.constant(0.3)), 0)
        .build();
    assertSameState(QasmTesting.state(named), QasmTesting.state(mod), 1e-12, "modifiers");
    var ccx = (GateOperation) mod.instructions().get(4);
    assertEquals(Gate.X, ccx.gate());
    assertEquals(List.of(2, 0), List.of(ccx.controlQubits()[0], ccx.controlQubits()[1]));
    assertEquals(false, ccx.controlStates()[0]);
    assertEquals(true, ccx.controlStates()[1]);
  }

  @Test
  void aliasesAreExactIncludingPhaseUnderControl() {
    // each alias, controlled by q[0] in |+>, against its definition from the OpenQASM specs
    String[][] pairs = {
        {"u1(0.4)", "p(0.4)"},
        {"phase(0.4)", "p(0.4)"},
        {"u2(0.3, -0.9)", "u3(pi/2, 0.3, -0.9)"},
        {"U(0.5, 0.3, -0.9)", "u3(0.5, 0.3, -0.9) q[1]; ctrl @ gphase((0.3 + -0.9)/2)"},
        {"id", "U(0, 0, 0)"},
        {"sx", "gphase(pi/4); rx(pi/2)"},
        {"inv @ sx", "gphase(-pi/4); rx(-pi/2)"},
        {"inv @ s", "sdg"},
        {"inv @ t", "tdg"},
        {"inv @ U(0.5, 0.3, -0.9)", "U(-0.5, 0.9, -0.3)"},
        {"inv @ u3(0.5, 0.3, -0.9)", "u3(-0.5, 0.9, -0.3)"},
        {"rz(0.8)", "gphase(-0.4); p(0.8)"},
        {"y", "U(pi, pi/2, pi/2)"},
        {"h", "U(pi/2, 0, pi)"},
    };
    for (String[] pair : pairs) {
      String head = "include \"stdgates.inc\"; qubit[2] q; h q[0]; ry(0.3) q[1];\n";
      Circuit a = Qasm.parse(head + "ctrl @ " + pair[0] + " q[0], q[1];");
      Circuit b = Qasm.parse(head + controlledSequence(pair[1]));
      assertSameState(QasmTesting.state(a), QasmTesting.state(b), 1e-12, pair[0] + " vs " + pair[1]);
    }
  }

  /** "g1; g2" -> ctrl @ g1 q[0], q[1]; ctrl @ g2 ... (gphase takes only the control). */
  private static String controlledSequence(String seq) {
    var sb = new StringBuilder();
    for (String part : seq.split(";")) {
      part = part.trim();
      if (part.endsWith("q[1]")) {
        sb.append("ctrl @ ").append(part, 0, part.length() - 4).append("q[0], q[1];\n");
      } else if (part.contains("gphase")) {
        sb.append(part.startsWith("ctrl") ? part : "ctrl @ " + part).append(" q[0];\n");
      } else {
        sb.append("ctrl @ ").append(part).append(" q[0], q[1];\n");
      }
    }
    return sb.toString();
  }

  @Test
  void qelib1ControlledGatesAreTheirDefinitions() {
    String head = "OPENQASM 2.0; include \"qelib1.inc\"; qreg q[3]; h q[0]; h q[1]; ry(0.4) q[2];\n";
    Circuit a = Qasm.parse(head + "cu1(0.7) q[0], q[2];");
    Circuit b = Qasm.parse(head + "cp(0.7) q[0], q[2];");
    assertSameState(QasmTesting.state(b), QasmTesting.state(a), 1e-12, "cu1 = cp");
    // cu3 is ctrl @ U (no u3 phase); u(θ,φ,λ) = U
    Circuit cu3 = Qasm.parse(head + "cu3(0.5, 0.2, -0.4) q[0], q[2];");
    Circuit ctrlU = Qasm.parse("include \"stdgates.inc\"; qubit[3] q; h q[0]; h q[1]; ry(0.4) q[2];"
        + " ctrl @ U(0.5, 0.2, -0.4) q[0], q[2];");
    assertSameState(QasmTesting.state(ctrlU), QasmTesting.state(cu3), 1e-12, "cu3");
    // cu(θ,φ,λ,γ) = p(γ) control; ctrl @ U
    Circuit cu = Qasm.parse("include \"stdgates.inc\"; qubit[3] q; h q[0]; h q[1]; ry(0.4) q[2];"
        + " cu(0.5, 0.2, -0.4, 0.9) q[0], q[2];");
    Circuit cuDef = Qasm.parse("include \"stdgates.inc\"; qubit[3] q; h q[0]; h q[1]; ry(0.4) q[2];"
        + " p(0.9) q[0]; ctrl @ U(0.5, 0.2, -0.4) q[0], q[2];");
    assertSameState(QasmTesting.state(cuDef), QasmTesting.state(cu), 1e-12, "cu");
    // ctrl @ sxdg · ctrl @ sx = identity exactly (sxdg's phase matters under ctrl), csx = ctrl @ sx
    Circuit sxdg = Qasm.parse("include \"qelib1.inc\"; qubit[3] q; h q[0]; h q[1]; ry(0.4) q[2];"
        + " ctrl @ sx q[0], q[2]; ctrl @ sxdg q[0], q[2]; csx q[0], q[1];");
    Circuit ref = Qasm.parse("include \"stdgates.inc\"; qubit[3] q; h q[0]; h q[1]; ry(0.4) q[2];"
        + " ctrl @ sx q[0], q[1];");
    assertSameState(QasmTesting.state(ref), QasmTesting.state(sxdg), 1e-12, "sxdg, csx");
  }

  @Test
  void userGateIsExpandedWithParametersModifiersAndNesting() {
    Circuit c = Qasm.parse("""
        OPENQASM 3.0;
        include "stdgates.inc";
        input float[64] k;
        gate rot(a, b) x { ry(a) x; rz(2*b - a) x; }
        gate ent(a) x, y { rot(a, a/2) x; ctrl @ rot(-a, 1) x, y; cx y, x; }
        qubit[3] q;
        ent(k + 0.5) q[2], q[0];
        inv @ ctrl @ rot(0.3, k) q[1], q[0];
        """);
    var p = Parameter.input("k");
    Circuit expected = Circuit.builder(3)
        .ry(Angle.of(p, 1, 0.5), 2)
        .rz(Angle.of(p, 0, 0.0), 2) // 2*(a/2) - a with a = t + 0.5: scale 0, offset 0
        .controlled(new int[] {2}, new boolean[] {true}, Gate.RY, List.of(Angle.of(p, -1, -0.5)), 0)
        .controlled(new int[] {2}, new boolean[] {true}, Gate.RZ, List.of(Angle.of(p, 1, 2.5)), 0)
        .cx(0, 2)
        .controlled(new int[] {1}, new boolean[] {true}, Gate.RZ, List.of(Angle.of(p, -2, 0.3)), 0)
        .controlled(new int[] {1}, new boolean[] {true}, Gate.RY, List.of(Angle.constant(-0.3)), 0)
        .build();
    assertEquals(expected.instructions(), c.instructions());
    assertEquals(List.of(p), c.parameters());
  }

  @Test
  void gphaseInAUserGateBecomesARelativePhaseUnderControl() {
    Circuit c = Qasm.parse("""
        include "stdgates.inc";
        gate phased a { gphase(pi/2); x a; }
        qubit[2] q;
        h q[0];
        ctrl @ phased q[0], q[1];
        phased q[1];
        """);
    // after ctrl @ (i X): (|0> + i|3>)/√2 (index = 2 q1 + q0); then X on q1, whose global i is
    // unobservable and dropped: (|2> + i|1>)/√2
    double[][] s = QasmTesting.state(c);
    double h = Math.sqrt(0.5);
    assertClose(new double[] {0, 0, h, 0}, s[0], 1e-12, "re");
    assertClose(new double[] {0, h, 0, 0}, s[1], 1e-12, "im");
  }

  @Test
  void controlledGphaseBecomesAPhaseGateOnAControl() {
    String head = "include \"stdgates.inc\"; qubit[3] q; h q; ry(0.4) q[2];\n";
    String[][] pairs = {
        {"ctrl @ gphase(0.5) q[1];", "p(0.5) q[1];"},
        {"negctrl @ gphase(0.5) q[1];", "x q[1]; p(0.5) q[1]; x q[1];"},
        {"negctrl @ negctrl @ gphase(-0.8) q[0], q[2];", "x q[0]; x q[2]; ctrl @ p(-0.8) q[0], q[2]; x q[0]; x q[2];"},
        {"ctrl @ negctrl @ gphase(1.3) q[2], q[0];", "x q[0]; ctrl @ p(1.3) q[0], q[2]; x q[0];"},
        {"inv @ ctrl @ gphase(1.3) q[2];", "p(-1.3) q[2];"},
    };
    for (String[] pair : pairs) {
      assertSameState(QasmTesting.state(Qasm.parse(head + pair[1])), QasmTesting.state(Qasm.parse(head + pair[0])),
          1e-12, pair[0]);
    }
  }

  @Test
  void physicalQubitsSizeTheCircuit() {
    Circuit c = Qasm.parse("OPENQASM 3.0; include \"stdgates.inc\"; bit[1] c; x $4; cx $4, $1; c[0] = measure $1;");
    assertEquals(5, c.numQubits());
    assertEquals(1.0, QasmTesting.classicalBits(c)[1], 1e-12);
  }

  @Test
  void measureWithoutTargetAddsAMeasRegister() {
    Circuit c = Qasm.parse("include \"stdgates.inc\"; qubit[2] q; bit b; x q[1]; measure q; b = measure q[1];");
    assertEquals(List.of(new ClassicalRegister("b", 1, 0), new ClassicalRegister("meas", 2, 1)), c.registers());
    assertEquals(List.of(new Measurement(0, 1), new Measurement(1, 2), new Measurement(1, 0)), c.measurements());
  }

  @Test
  void broadcastResetBarrierAndDeclarationWithMeasure() {
    Circuit c = Qasm.parse("""
        include "stdgates.inc";
        qubit[2] a;
        qubit[2] b;
        h a;
        cx a, b;
        ctrl @ x a[0], b;
        barrier;
        barrier a[1], b;
        reset a;
        bit[2] m = measure b;
        """);
    var ins = c.instructions();
    assertEquals(GateOperation.of(Gate.H, List.of(), 1), ins.get(1));
    assertEquals(GateOperation.of(Gate.CX, List.of(), 0, 2), ins.get(2));
    assertEquals(GateOperation.of(Gate.CX, List.of(), 1, 3), ins.get(3));
    assertEquals(new GateOperation(Gate.X, List.of(), new int[] {3}, new int[] {0}, new boolean[] {true}), ins.get(5));
    assertEquals(new Barrier(new int[] {0, 1, 2, 3}), ins.get(6));
    assertEquals(new Barrier(new int[] {1, 2, 3}), ins.get(7));
    assertEquals(new Reset(0), ins.get(8));
    assertEquals(List.of(new Measurement(2, 0), new Measurement(3, 1)), c.measurements());
  }

  @Test
  void weightAnnotationsNamesAndDeclarationOrder() {
    Circuit c = Qasm.parse("""
        OPENQASM 3.0;
        include "stdgates.inc";
        @qssm.weight
        @qssm.name w[1]
        input float[64] w_1;
        input angle[32] xi;
        @some.other.tool ignored
        input float b;
        qubit q;
        rx(b) q;
        ry(3*w_1 - 2*w_1 + 1) q;
        """);
    assertEquals(List.of(Parameter.weight("w[1]"), Parameter.input("xi"), Parameter.input("b")), c.parameters());
    assertEquals(Angle.of(Parameter.weight("w[1]"), 1, 1), ((GateOperation) c.instructions().get(1)).angles().get(0));
  }

  @Test
  void constantExpressionsMayUseFunctionsAndPowers() {
    Circuit c = Qasm.parse("include \"stdgates.inc\"; input float[64] k; qubit q;"
        + " rx(sin(pi/6) * k + 2**-1 + sqrt(4) - tau/euler + 1_0e-1) q;");
    Angle a = ((GateOperation) c.instructions().get(0)).angles().get(0);
    assertEquals(Math.sin(PI / 6), a.scale(), 0);
    assertEquals(0.5 + 2 - 2 * PI / Math.E + 1, a.offset(), 1e-15);
    Circuit u = Qasm.parse("qubit q; U(π, 0, π) q; /* block\ncomment */ U(τ/4, -π/2, π/2) q;");
    assertTrue(u.instructions().stream().allMatch(i -> ((GateOperation) i).gate() == Gate.U));
  }

  @Test
  void hexLiteralsNegativeIndicesAndQelib1Extras() {
    Circuit c = Qasm.parse("""
        OPENQASM 2.0;
        include "qelib1.inc";
        qreg q[5];
        u0(1) q[0];
        x q[0]; x q[1]; x q[2]; x q[3];
        c4x q[0], q[1], q[2], q[3], q[4];
        """);
    assertEquals(new GateOperation(Gate.X, List.of(), new int[] {4}, new int[] {0, 1, 2, 3},
        new boolean[] {true, true, true, true}), c.instructions().get(5));
    assertEquals(1.0, QasmTesting.probabilities(c)[31], 1e-12);
    Circuit d = Qasm.parse("include \"stdgates.inc\"; qubit[3] q; rx(0x10 / 0b100) q[-1];");
    assertEquals(GateOperation.of(Gate.RX, List.of(Angle.constant(4)), 2), d.instructions().get(0));
  }

  @Test
  void qiskitStyleRzzAndEcrDefinitionsMapToIrGates() {
    Circuit c = Qasm.parse("""
        OPENQASM 3.0;
        include "stdgates.inc";
        gate rzz(_gate_p_0) _gate_q_0, _gate_q_1 { cx _gate_q_0, _gate_q_1; rz(_gate_p_0) _gate_q_1; cx _gate_q_0, _gate_q_1; }
        gate rzx(_gate_p_0) _gate_q_0, _gate_q_1 { h _gate_q_1; cx _gate_q_0, _gate_q_1; rz(_gate_p_0) _gate_q_1; cx _gate_q_0, _gate_q_1; h _gate_q_1; }
        gate ecr _gate_q_0, _gate_q_1 { rzx(pi/4) _gate_q_0, _gate_q_1; x _gate_q_0; rzx(-pi/4) _gate_q_0, _gate_q_1; }
        qubit[3] q;
        rzz(0.3) q[0], q[1];
        ctrl @ ecr q[2], q[1], q[0];
        """);
    assertEquals(List.of(
        GateOperation.of(Gate.RZZ, List.of(Angle.constant(0.3)), 0, 1),
        new GateOperation(Gate.ECR, List.of(), new int[] {1, 0}, new int[] {2}, new boolean[] {true})),
        c.instructions());
  }

  @Test
  void definitionThatIsRzzOnlyUpToPhaseIsExpandedWhenControlled() {
    // qelib1-style rzz: cx; u1(θ); cx = e^{iθ/2} rzz(θ)
    String prog = """
        OPENQASM 3.0;
        include "stdgates.inc";
        gate rzz(t) a, b { cx a, b; u1(t) b; cx a, b; }
        qubit[3] q;
        h q;
        rzz(0.3) q[0], q[1];
        ctrl @ rzz(0.7) q[2], q[0], q[1];
        """;
    Circuit c = Qasm.parse(prog);
    assertEquals(GateOperation.of(Gate.RZZ, List.of(Angle.constant(0.3)), 0, 1), c.instructions().get(3));
    assertEquals(3, c.instructions().stream().filter(i -> ((GateOperation) i).controlQubits().length == 1).count());
    Circuit inline = Qasm.parse(prog.replace("gate rzz", "gate myzz").replace("rzz(0.3)", "myzz(0.3)")
        .replace("rzz(0.7)", "myzz(0.7)"));
    // uncontrolled: equal up to a global phase; controlled: the phase is relative and must survive
    assertClose(QasmTesting.probabilities(inline), QasmTesting.probabilities(c), 1e-12, "probabilities");
  }
}
