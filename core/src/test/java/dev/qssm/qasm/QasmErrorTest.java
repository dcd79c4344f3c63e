package dev.qssm.qasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qssm.circuit.AmplitudeEncoding;
import dev.qssm.circuit.Angle;
import dev.qssm.circuit.Circuit;
import dev.qssm.circuit.Gate;
import dev.qssm.circuit.InvalidCircuitException;
import dev.qssm.circuit.Parameter;
import dev.qssm.circuit.ParameterKind;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class QasmErrorTest {
  private static final String STD = "include \"stdgates.inc\";\n";

  /** program, line, column, message fragment. */
  static Stream<Arguments> malformed() {
    return Stream.of(
        // names and counts
        Arguments.of("qubit[2] q;\nfoo q[0];", 2, 1, "unknown gate 'foo'"),
        Arguments.of("qubit[2] q;\nh q[0];", 2, 1, "add 'include \"stdgates.inc\";'"),
        Arguments.of(STD + "qubit[2] q;\ncx q[0];", 3, 1, "'cx' acts on 2 qubit(s), got 1"),
        Arguments.of(STD + "qubit[3] q;\nctrl @ cx q[0], q[1];", 3, 8, "acts on 3 qubit(s) (1 control(s) + 2), got 2"),
        Arguments.of(STD + "qubit[2] q;\nrx q[0];", 3, 1, "'rx' takes 1 parameter(s), got 0"),
        Arguments.of(STD + "qubit q;\nh(0.1) q;", 3, 1, "'h' takes 0 parameter(s), got 1"),
        Arguments.of(STD + "qubit[2] q;\nh q[2];", 3, 5, "qubit index 2 is out of range for register 'q' of size 2"),
        Arguments.of(STD + "qubit[2] q;\nbit[1] c;\nc[3] = measure q[0];", 4, 3, "bit index 3 is out of range"),
        Arguments.of(STD + "qubit q;\nh r;", 3, 3, "undeclared identifier 'r'"),
        Arguments.of(STD + "qubit q;\nrx(theta) q;", 3, 4, "undeclared identifier 'theta'"),
        Arguments.of(STD + "qubit q;\nbit c;\nrx(c) q;", 4, 4, "'c' is a classical bit, not a number"),
        Arguments.of(STD + "input float[64] x;", 2, 17, "'x' is already declared as a gate of stdgates.inc"),
        Arguments.of("qubit[2] q;\nqubit q;", 2, 7, "'q' is already declared at 1:10"),
        Arguments.of(STD + "qubit q;\nh q[0];", 3, 5, "'q' is a single qubit, not a register"),
        // angles that are not a*p + b
        Arguments.of(STD + "input float[64] theta;\ninput float[64] phi;\nqubit q;\nrx(theta*phi) q;", 5, 9,
            "angle 'theta*phi' is not of the form a*p + b"),
        Arguments.of(STD + "input float[64] theta;\nqubit q;\nrz(sin(theta)) q;", 4, 4,
            "angle 'sin(theta)' is not of the form a*p + b in one parameter: 'sin' is applied to a parameter"),
        Arguments.of(STD + "input float[64] theta;\ninput float[64] phi;\nqubit q;\nry(theta + 2*phi) q;", 5, 10,
            "two parameters, 'theta' and 'phi'"),
        Arguments.of(STD + "input float[64] a;\nqubit q;\nry(1/(a+1)) q;", 4, 5, "divides by '(a+1)'"),
        Arguments.of(STD + "qubit[2] q;\nrx(1/0) q[0];", 3, 5, "division by zero in '1/0'"),
        Arguments.of(STD + "gate g(t) a { rx(t*t) a; }\ninput float[64] k;\nqubit q;\ng(0.5) q;\ng(k) q;", 2, 19,
            "angle 't*t' is not of the form a*p + b in one parameter: it multiplies 't' by 't', which both depend"
                + " on parameters (in gate 'g' called at 6:1)"),
        // syntax
        Arguments.of(STD + "qubit q;\nh q\nx q;", 3, 4, "missing ';' after 'h q' (found 'x' at 4:1)"),
        Arguments.of(STD + "qubit q;\nrx((0.5) q;", 3, 10, "expected ')' to close the argument list of 'rx'"),
        Arguments.of(STD + "qubit q;\nrx(0.5)) q;", 3, 8, "unexpected ')' (unbalanced brackets?)"),
        Arguments.of(STD + "qubit q;\nrx(2*(0.5 q;", 3, 11, "expected ')' to match the '(' at 3:6"),
        Arguments.of(STD + "qubit[2] q;\n/* unterminated\nh q;", 3, 1, "unterminated comment"),
        Arguments.of("include \"stdgates.inc;\nqubit q;", 1, 9, "unterminated string"),
        Arguments.of(STD + "gate g a { h a;\nqubit q;", 3, 1, "(is the '}' of gate 'g' missing?)"),
        Arguments.of(STD + "qubit q;\nOPENQASM 3.0;", 3, 1, "version line must be the first statement"),
        Arguments.of("OPENQASM 4.0;", 1, 10, "unsupported OpenQASM version '4.0'"),
        Arguments.of(STD + "input float[64] a;\nqubit q;\nrx(a ^ 2) q;", 4, 6, "'^' is bitwise xor"),
        // unsupported constructs, named
        Arguments.of(STD + "qubit q;\nbit c;\nif (c == 1) x q;\nelse y q;", 5, 1, "classical control flow ('else') is not supported"),
        Arguments.of(STD + "qubit q;\nfor int i in [0:2] { x q; }", 3, 1, "loops ('for') are not supported"),
        Arguments.of(STD + "qubit q;\nwhile (true) { x q; }", 3, 1, "loops ('while') are not supported"),
        Arguments.of("def f(qubit a) { h a; }", 1, 1, "subroutines ('def') are not supported"),
        Arguments.of("defcal x $0 { }", 1, 1, "pulse-level calibration ('defcal') is not supported"),
        Arguments.of(STD + "qubit q;\ndelay[100ns] q;", 3, 1, "timing instructions ('delay') are not supported"),
        Arguments.of(STD + "qubit[2] q;\nbox { h q; }", 3, 1, "timing blocks ('box') are not supported"),
        Arguments.of(STD + "qubit[2] q;\npow(2) @ x q[0];", 3, 1, "the 'pow @' modifier is not supported"),
        Arguments.of(STD + "qubit q;\nfloat[64] f = 0.5;", 3, 1, "classical variables ('float') are not supported"),
        Arguments.of("include \"mylib.inc\";", 1, 9, "cannot include 'mylib.inc'"),
        Arguments.of("OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqubit[2] q;", 3, 1, "'qubit' declarations: OpenQASM 3 only"),
        Arguments.of("OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[2];\nctrl @ x q[0], q[1];", 4, 1,
            "gate modifiers ('ctrl @'): OpenQASM 3 only"),
        // qubits, registers, measurement
        Arguments.of(STD + "qubit[2] q;\ncx q[1], q[1];", 3, 10, "qubit q[1] appears twice in the call of 'cx'"),
        Arguments.of(STD + "qubit[2] a;\nqubit[3] b;\ncx a, b;", 4, 7, "cannot broadcast 'cx' over registers of different sizes"),
        Arguments.of(STD + "qubit q;\nx $0;", 3, 3, "physical qubit '$0' cannot be used in a program that declares qubit registers"),
        Arguments.of(STD + "x $0;\nqubit q;", 3, 1, "qubit registers cannot be declared in a program that uses physical qubits"),
        Arguments.of(STD + "qubit[2] q;\nbit[2] c;\nmeasure q -> c[0];", 4, 1, "cannot measure 2 qubit(s) into 1 bit(s)"),
        Arguments.of(STD + "qubit[2] q;\nbit[2] c;\nc = q;", 4, 5, "only 'c = measure q;' assignments are supported"),
        Arguments.of(STD + "qubit[63] q;", 2, 7, "at most 62"),
        // gate definitions and annotations
        Arguments.of(STD + "gate g(t) a { rx(t) b; }", 2, 21, "'b' is not a qubit argument of gate 'g' (its qubits: a)"),
        Arguments.of(STD + "gate g a { g a; }", 2, 12, "gate 'g' calls itself"),
        Arguments.of(STD + "gate g a { rx(k) a; }", 2, 15, "'k' is not a parameter of gate 'g' (it has none)"),
        Arguments.of(STD + "gate g a { measure a; }", 2, 12, "a gate body may only hold gate calls"),
        Arguments.of("@qssm.weight\nqubit q;", 1, 1, "annotation '@qssm.weight' belongs on an 'input' declaration"),
        Arguments.of("@qssm.wieght\ninput float[64] a;", 1, 1, "unknown annotation '@qssm.wieght'"),
        Arguments.of("@qssm.name 3x\ninput float[64] a;", 1, 1, "parameter name '3x' is not allowed"),
        Arguments.of("@qssm.name w[0]\ninput float[64] a;\n@qssm.name w[0]\ninput float[64] b;", 3, 1,
            "parameter name 'w[0]' is already used by the input at 1:1"));
  }

  @ParameterizedTest(name = "[{index}] {3}")
  @MethodSource("malformed")
  void reportsLineColumnAndCause(String program, int line, int column, String fragment) {
    var e = assertThrows(QasmException.class, () -> Qasm.parse(program), program);
    assertEquals(line + ":" + column, e.line() + ":" + e.column(), e.getMessage());
    assertTrue(e.getMessage().startsWith(line + ":" + column + ": "), e.getMessage());
    assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' lacks '" + fragment + "'");
  }

  @Test
  void exportRefusesAmplitudeEncodingAndQasm2ParametersByName() {
    var x = Parameter.vector("x", 2, ParameterKind.INPUT);
    Circuit enc = Circuit.builder(1).amplitudeEncoding(x, 0).build();
    var e = assertThrows(InvalidCircuitException.class, () -> Qasm.toQasm3(enc));
    assertTrue(e.getMessage().contains("amplitude encoding") && e.getMessage().contains("lower it"), e.getMessage());
    assertThrows(InvalidCircuitException.class, () -> Qasm.toQasm2(enc));

    Circuit param = Circuit.builder(2).h(0).rx(Parameter.weight("w"), 1).build();
    var e2 = assertThrows(InvalidCircuitException.class, () -> Qasm.toQasm2(param));
    assertTrue(e2.getMessage().contains("instruction 1 'rx(w) [1]' uses 'w'"), e2.getMessage());

    Circuit crzz = Circuit.builder(3)
        .controlled(new int[] {0}, new boolean[] {true}, Gate.RZZ, List.of(Angle.constant(0.2)), 1, 2).build();
    var e3 = assertThrows(InvalidCircuitException.class, () -> Qasm.toQasm2(crzz));
    assertTrue(e3.getMessage().contains("no gate for instruction 0 'ctrl @ rzz(0.2) [0, 1, 2]'"), e3.getMessage());

    Circuit badName = Circuit.builder(1).classicalRegister("measure", 1).build();
    var e4 = assertThrows(InvalidCircuitException.class, () -> Qasm.toQasm3(badName));
    assertTrue(e4.getMessage().contains("classical register 'measure'"), e4.getMessage());
    Circuit upper = Circuit.builder(1).classicalRegister("Out", 1).build();
    assertTrue(Qasm.toQasm3(upper).contains("bit[1] Out;"));
    assertThrows(InvalidCircuitException.class, () -> Qasm.toQasm2(upper));
  }
}
