package dev.qssm.qasm;

import dev.qssm.circuit.Circuit;
import dev.qssm.circuit.InvalidCircuitException;
import java.util.Objects;

/**
 * OpenQASM 2 and 3 in and out of the circuit IR.
 *
 * <h2>Import</h2>
 * The version line decides the dialect (OpenQASM 3 when there is none). qssm reads straight-line
 * circuits: {@code include "stdgates.inc"} / {@code "qelib1.inc"} (built in; no other file),
 * {@code qubit}/{@code qreg}, {@code bit}/{@code creg} (each a {@link
 * dev.qssm.circuit.ClassicalRegister} of the same name), physical qubits {@code $k}, {@code input
 * float[64]}/{@code input angle} parameters, gate calls with {@code ctrl @}, {@code negctrl @},
 * {@code ctrl(k) @} and {@code inv @} and register broadcast, {@code gphase}, the three measure
 * forms, {@code reset}, {@code barrier} and {@code gate} definitions (expanded inline at each
 * call). Qubit registers are flattened in declaration order. {@code measure q;} with no target
 * writes to an extra register {@code meas} added after the declared ones. Every angle must reduce
 * to {@code a*p + b} in one parameter or a constant. Anything else is a {@link QasmException}
 * whose message starts with the {@code line:column} of the offending token.
 *
 * <p>{@code rzz}, {@code rxx} and {@code ecr} are not in stdgates.inc. A {@code gate} definition
 * with one of these names whose body implements the gate (checked numerically) becomes the IR
 * gate; qssm also accepts the three without a definition.
 *
 * <h2>Parameters: names and kinds</h2>
 * Each parameter is an {@code input float[64]} declaration, in {@link Circuit#parameters()}
 * order (the binding-column order, which import keeps by declaring them in the same order). Two
 * annotations on the declaration carry what OpenQASM cannot say:
 * <pre>
 * &#64;qssm.weight          // a weight; without it (or with &#64;qssm.input) the parameter is an input
 * &#64;qssm.name theta[0]   // the qssm name, when it is no QASM identifier
 * input float[64] theta_0;
 * </pre>
 * The exporter writes {@code theta[0]} as {@code theta_0} (appending {@code _} until the name is
 * unique and not reserved) and adds {@code @qssm.name} whenever the identifier differs from the
 * name. Annotations are ignored by tools that do not know them, so the program stays portable.
 *
 * <h2>Export</h2>
 * Angles are printed as {@code scale*p + offset} with {@link Double#toString} numbers, which parse
 * back to identical doubles: {@code parse(toQasm3(c))} gives back the same instructions,
 * registers and parameters. {@link dev.qssm.circuit.AmplitudeEncoding} has no QASM form. Export
 * problems are {@link InvalidCircuitException}s naming the instruction.
 */
public final class Qasm {
  private Qasm() {}

  /**
   * Parses an OpenQASM 3 or 2 program (the version line decides; 3 when absent).
   *
   * @throws QasmException at the line and column of the first problem
   */
  public static Circuit parse(String source) {
    Objects.requireNonNull(source, "source");
    Ast.Program program = new Parser(source).parse();
    return new Importer(source, program.version()).run(program.statements());
  }

  /**
   * Portable OpenQASM 3: stdgates, exact {@code gate} definitions for rzz/rxx/ecr when used,
   * {@code input float[64]} for each parameter, {@code qubit[n] q}, one {@code bit[k]} per
   * classical register, modifiers as {@code ctrl @}/{@code negctrl @}.
   *
   * @throws InvalidCircuitException for an amplitude encoding, or a register name OpenQASM cannot hold
   */
  public static String toQasm3(Circuit circuit) {
    return Exporter.qasm3(Objects.requireNonNull(circuit, "circuit"));
  }

  /**
   * OpenQASM 2 with qelib1.inc (Qiskit's edition: it has {@code sx}, {@code csx}, {@code rzz},
   * {@code rxx}); {@code ecr} gets a gate block. A controlled gate becomes the qelib1 gate that
   * is exactly it ({@code cx}, {@code ccx}, {@code crz}, {@code cu1} for controlled phases,
   * {@code cu3} for controlled {@code U}, ...); a negative control is wrapped in {@code x} gates.
   *
   * @throws InvalidCircuitException naming the instruction when the circuit has parameters (QASM 2
   *     has none: bind them first), a controlled gate with no qelib1 equivalent, or an amplitude
   *     encoding
   */
  public static String toQasm2(Circuit circuit) {
    return Exporter.qasm2(Objects.requireNonNull(circuit, "circuit"));
  }
}
