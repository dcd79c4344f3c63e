package dev.qssm.transpile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import dev.qssm.backend.UnsupportedCircuitException;
import dev.qssm.circuit.Angle;
import dev.qssm.circuit.Circuit;
import dev.qssm.circuit.Gate;
import dev.qssm.circuit.GateOperation;
import dev.qssm.circuit.Parameter;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The passes one at a time, on small synthetic targets where the right answer is obvious. */
class PassesTest {
  /** A line 0-1-2-3-4 with cz both ways. */
  static Target line(String properties) {
    String conf = "{\"backend_name\":\"line\",\"n_qubits\":5,\"basis_gates\":[\"cz\",\"id\",\"rz\",\"sx\",\"x\"],"
        + "\"supported_instructions\":[\"cz\",\"measure\",\"reset\",\"rz\",\"sx\",\"x\",\"if_else\"],"
        + "\"coupling_map\":[[0,1],[1,0],[1,2],[2,1],[2,3],[3,2],[3,4],[4,3]],\"some_new_key\":{\"x\":1}}";
    return Target.fromConfiguration(conf, properties);
  }

  private static Transpiled laidOut(Circuit c, int... physical) {
    var id = new int[c.numQubits()];
    Arrays.setAll(id, i -> i);
    return new Transpiled(c, c.numQubits(), physical, id, id);
  }

  @Test
  void optimisationCancelsSelfInversePairsAndMergesRotations() {
    var w = Parameter.weight("w");
    var c = Circuit.builder(2).x(0).x(0).cz(0, 1).cz(1, 0).rz(Angle.of(w, 1, 0.2), 1).rz(0.3, 1)
        .rz(Angle.of(w, 2, 0), 1).sx(0).rz(0.5, 0).rz(-0.5, 0).sx(0).build();
    var out = new Optimize().run(laidOut(c, 0, 1)).circuit().instructions();
    // x x and cz cz vanish; the three rz on qubit 1 merge to rz(3w + 0.5); sx rz(0.5) rz(-0.5) sx = x
    assertEquals(2, out.size(), out.toString());
    var rz = (GateOperation) out.stream().filter(i -> ((GateOperation) i).gate() == Gate.RZ).findFirst().get();
    assertEquals(3, rz.angles().get(0).scale(), 1e-15);
    assertEquals(0.5, rz.angles().get(0).offset(), 1e-15);
    assertTrue(out.stream().anyMatch(i -> ((GateOperation) i).gate() == Gate.X), out.toString());
  }

  @Test
  void rotationsOfDifferentParametersDoNotMerge() {
    var a = Parameter.weight("a");
    var b = Parameter.weight("b");
    var c = Circuit.builder(1).rz(a, 0).rz(b, 0).build();
    assertEquals(2, new Optimize().run(laidOut(c, 0)).circuit().instructions().size());
  }

  @Test
  void aBarrierBlocksCancellation() {
    var c = Circuit.builder(1).x(0).barrier(0).x(0).build();
    assertEquals(3, new Optimize().run(laidOut(c, 0)).circuit().instructions().size());
  }

  @Test
  void layoutAvoidsBadQubitsWhenCalibrationDataIsGiven() {
    // qubits 0 and 1 read out badly: a 2-qubit circuit belongs on 2-3 or 3-4
    String props = "{\"qubits\":[" + String.join(",", List.of(q(0.4), q(0.3), q(0.01), q(0.01), q(0.02))) + "],"
        + "\"gates\":[{\"qubits\":[3,4],\"gate\":\"cz\",\"parameters\":[{\"name\":\"gate_error\",\"value\":0.2}]}]}";
    var c = Circuit.builder(2).h(0).cx(0, 1).build();
    var t = PassManager.preset(line(props)).run(c);
    var phys = Arrays.stream(t.physicalInitialLayout()).boxed().collect(java.util.stream.Collectors.toSet());
    assertEquals(Set.of(2, 3), phys, "the pair with the least error");
    var plain = PassManager.preset(line(null)).run(c);
    assertFalse(plain.circuit().instructions().isEmpty());
  }

  private static String q(double readout) {
    return "[{\"name\":\"T1\",\"value\":100},{\"name\":\"readout_error\",\"unit\":\"\",\"value\":" + readout + "}]";
  }

  @Test
  void routingMovesQubitsAndReportsWhereTheyEnd() {
    // interactions that no line arrangement satisfies: someone has to move
    var b = Circuit.builder(5);
    for (int q = 0; q < 5; q++) {
      b.h(q);
    }
    var c = b.cx(0, 1).cx(1, 2).cx(2, 0).cx(3, 4).cx(4, 0).build(); // a triangle cannot sit on a line
    var t = PassManager.preset(line(null)).run(c);
    TranspilerEquivalenceTest.assertEquivalent(line(null), c, new double[][] {{}}, "line routing");
    assertFalse(Arrays.equals(t.initialLayout(), t.finalLayout()), "swaps moved the qubits");
  }

  @Test
  void fixedLayoutIsHonouredAndDynamicCircuitsPass() {
    var c = Circuit.builder(2).classicalRegister("c", 2).h(0).measure(0, 0).reset(0).x(0).cx(0, 1).measure(1, 1).build();
    var t = PassManager.preset(line(null), new int[] {4, 3}).run(c);
    assertEquals(List.of(4, 3), Arrays.stream(t.physicalInitialLayout()).boxed().toList());
    var isa = IsaProgram.of(t);
    assertTrue(isa.qasm().contains("reset $4;") && isa.qasm().contains("c[0] = measure $4;"), isa.qasm());
  }

  @Test
  void modifiersCompileAndTooWideCircuitsAreRefusedWithAReason() {
    // modifiers are lowered (ModifierLoweringTest checks them exactly); none reaches the device
    var ctrl = Circuit.builder(2).controlled(new int[] {0}, new boolean[] {true}, Gate.H, List.of(), 1).build();
    var t = PassManager.preset(line(null)).run(ctrl);
    assertTrue(t.circuit().instructions().stream().noneMatch(
        i -> i instanceof dev.qssm.circuit.GateOperation g && g.controlQubits().length > 0), t.circuit().toString());
    var wide = Circuit.builder(6).h(5).build();
    var e = assertThrows(UnsupportedCircuitException.class, () -> PassManager.preset(line(null)).run(wide));
    assertTrue(e.getMessage().contains("6 qubits"), e.getMessage());
  }

  @Test
  void targetWithoutAKnownTwoQubitGateIsRefused() {
    var conf = JsonParser.parseString("{\"backend_name\":\"odd\",\"n_qubits\":2,\"basis_gates\":[\"rz\",\"sx\",\"x\",\"iswap\"],"
        + "\"coupling_map\":[[0,1]]}").getAsJsonObject();
    var e = assertThrows(UnsupportedCircuitException.class, () -> Target.fromJson(conf, null));
    assertTrue(e.getMessage().contains("cz or ecr"), e.getMessage());
  }
}
