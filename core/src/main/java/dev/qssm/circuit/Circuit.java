package dev.qssm.circuit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable quantum circuit: qubits, named classical registers, instructions and the ordered
 * list of the parameters it depends on. Qubit 0 is the least significant bit of every basis-state
 * index. Build one with {@link #builder(int)}.
 *
 * <p>{@link #parameters()} fixes the column order of a binding row: parameters declared with
 * {@link Builder#declare} come first, then the others in order of first use.
 */
public final class Circuit {
  private final int numQubits;
  private final List<ClassicalRegister> registers;
  private final List<Instruction> instructions;
  private final List<Parameter> parameters;
  private final Map<Parameter, Integer> parameterIndex;

  private Circuit(
      int numQubits, List<ClassicalRegister> registers, List<Instruction> instructions, List<Parameter> parameters) {
    this.numQubits = numQubits;
    this.registers = List.copyOf(registers);
    this.instructions = List.copyOf(instructions);
    this.parameters = List.copyOf(parameters);
    var index = new HashMap<Parameter, Integer>();
    for (int i = 0; i < parameters.size(); i++) {
      index.put(parameters.get(i), i);
    }
    this.parameterIndex = Collections.unmodifiableMap(index);
  }

  public static Builder builder(int numQubits) {
    return new Builder(numQubits);
  }

  /** A builder holding this circuit's qubits, registers, declared parameters and instructions. */
  public Builder toBuilder() {
    var b = new Builder(numQubits);
    registers.forEach(r -> b.classicalRegister(r.name(), r.size()));
    b.declare(parameters);
    instructions.forEach(b::append);
    return b;
  }

  public int numQubits() {
    return numQubits;
  }

  public int numClbits() {
    return registers.stream().mapToInt(ClassicalRegister::size).sum();
  }

  public List<ClassicalRegister> registers() {
    return registers;
  }

  public List<Instruction> instructions() {
    return instructions;
  }

  /** Every parameter, in binding-column order. */
  public List<Parameter> parameters() {
    return parameters;
  }

  /** The binding column of {@code p}, or -1 when the circuit does not use it. */
  public int parameterIndex(Parameter p) {
    return parameterIndex.getOrDefault(p, -1);
  }

  public List<Parameter> weights() {
    return parameters.stream().filter(Parameter::isWeight).toList();
  }

  public List<Parameter> inputs() {
    return parameters.stream().filter(p -> !p.isWeight()).toList();
  }

  public List<Measurement> measurements() {
    return instructions.stream().filter(Measurement.class::isInstance).map(Measurement.class::cast).toList();
  }

  /** True when the circuit has no measurement and no reset. */
  public boolean isUnitary() {
    return instructions.stream().noneMatch(i -> i instanceof Measurement || i instanceof Reset);
  }

  /**
   * True when some qubit is acted on (gate, reset, encoding) after it was measured, or is reset
   * after something touched it: such a circuit needs collapse, not just final-state readout.
   */
  public boolean hasMidCircuitOperations() {
    var measured = new boolean[numQubits];
    var touched = new boolean[numQubits];
    for (var ins : instructions) {
      if (ins instanceof Conditional) {
        return true; // depends on a measurement record
      }
      if (ins instanceof Barrier) {
        continue;
      }
      if (ins instanceof Measurement m) {
        measured[m.qubit()] = true;
        touched[m.qubit()] = true;
        continue;
      }
      for (int q : ins.qubits()) {
        if (measured[q] || (ins instanceof Reset && touched[q])) {
          return true;
        }
        touched[q] = true;
      }
    }
    return false;
  }

  /** A copy with instruction {@code index} replaced (same parameters order when possible). */
  public Circuit withInstruction(int index, Instruction replacement) {
    var list = new ArrayList<>(instructions);
    list.set(index, replacement);
    var b = new Builder(numQubits);
    registers.forEach(r -> b.classicalRegister(r.name(), r.size()));
    b.declare(parameters);
    list.forEach(b::append);
    return b.build();
  }

  /**
   * A text diagram: one wire per qubit (q0 on top), gates with their angles, controls as ● (on
   * |1>) and ○ (on |0>), measurements as M→c[k], resets as |0>, barriers as ░, amplitude encodings
   * as a box, conditionals as {@code X if c[k]==v}. Lines end with a line break.
   */
  public String draw() {
    return TextDiagram.draw(this, Integer.MAX_VALUE / 2);
  }

  /**
   * {@link #draw()} folded so that no line is longer than {@code width} characters (unless a
   * single column is wider); folds are separated by an empty line and marked » and «.
   */
  public String draw(int width) {
    if (width < 10) {
      throw new dev.qssm.QssmException("diagram width must be at least 10 characters, got " + width);
    }
    return TextDiagram.draw(this, width);
  }

  @Override
  public String toString() {
    var sb = new StringBuilder("Circuit(").append(numQubits).append(" qubits");
    registers.forEach(r -> sb.append(", ").append(r.name()).append('[').append(r.size()).append(']'));
    sb.append(")\n");
    instructions.forEach(i -> sb.append("  ").append(i).append('\n'));
    return sb.toString();
  }

  /** Collects instructions, checking each at the point it is added. */
  public static final class Builder {
    private final int numQubits;
    private final List<ClassicalRegister> registers = new ArrayList<>();
    private final List<Instruction> instructions = new ArrayList<>();
    private final LinkedHashMap<Parameter, Boolean> parameters = new LinkedHashMap<>();
    private final Map<String, Parameter> byName = new HashMap<>();
    private final boolean[] touched;

    private Builder(int numQubits) {
      if (numQubits < 0 || numQubits > 62) {
        throw new InvalidCircuitException("a circuit has 0..62 qubits, got " + numQubits);
      }
      this.numQubits = numQubits;
      this.touched = new boolean[numQubits];
    }

    /** Adds a classical register after the existing ones (global clbits continue from them). */
    public Builder classicalRegister(String name, int size) {
      if (size < 0) {
        throw new InvalidCircuitException("classical register '" + name + "' size must be >= 0");
      }
      if (registers.stream().anyMatch(r -> r.name().equals(name))) {
        throw new InvalidCircuitException("classical register '" + name + "' is declared twice");
      }
      int offset = registers.stream().mapToInt(ClassicalRegister::size).sum();
      registers.add(new ClassicalRegister(name, size, offset));
      return this;
    }

    /** Fixes the binding-column order of these parameters ahead of the ones used later. */
    public Builder declare(Parameter... ps) {
      return declare(Arrays.asList(ps));
    }

    public Builder declare(List<Parameter> ps) {
      ps.forEach(this::use);
      return this;
    }

    public Builder gate(Gate gate, List<Angle> angles, int... qubits) {
      return append(GateOperation.of(gate, angles, qubits));
    }

    public Builder gate(Gate gate, int... qubits) {
      return gate(gate, List.of(), qubits);
    }

    /**
     * {@code ctrl @}/{@code negctrl @} modifiers on {@code gate}: {@code controlStates[i]} true
     * fires on |1> of {@code controls[i]}.
     */
    public Builder controlled(
        int[] controls, boolean[] controlStates, Gate gate, List<Angle> angles, int... qubits) {
      return append(new GateOperation(gate, angles, qubits, controls, controlStates));
    }

    public Builder id(int q) { return gate(Gate.ID, q); }
    public Builder x(int q) { return gate(Gate.X, q); }
    public Builder y(int q) { return gate(Gate.Y, q); }
    public Builder z(int q) { return gate(Gate.Z, q); }
    public Builder h(int q) { return gate(Gate.H, q); }
    public Builder s(int q) { return gate(Gate.S, q); }
    public Builder sdg(int q) { return gate(Gate.SDG, q); }
    public Builder t(int q) { return gate(Gate.T, q); }
    public Builder tdg(int q) { return gate(Gate.TDG, q); }
    public Builder sx(int q) { return gate(Gate.SX, q); }
    public Builder cx(int c, int t) { return gate(Gate.CX, c, t); }
    public Builder cz(int c, int t) { return gate(Gate.CZ, c, t); }
    public Builder swap(int a, int b) { return gate(Gate.SWAP, a, b); }
    public Builder ccx(int c1, int c2, int t) { return gate(Gate.CCX, c1, c2, t); }

    public Builder rx(Angle a, int q) { return gate(Gate.RX, List.of(a), q); }
    public Builder ry(Angle a, int q) { return gate(Gate.RY, List.of(a), q); }
    public Builder rz(Angle a, int q) { return gate(Gate.RZ, List.of(a), q); }
    public Builder p(Angle a, int q) { return gate(Gate.P, List.of(a), q); }
    public Builder rx(double a, int q) { return rx(Angle.constant(a), q); }
    public Builder ry(double a, int q) { return ry(Angle.constant(a), q); }
    public Builder rz(double a, int q) { return rz(Angle.constant(a), q); }
    public Builder p(double a, int q) { return p(Angle.constant(a), q); }
    public Builder rx(Parameter a, int q) { return rx(Angle.of(a), q); }
    public Builder ry(Parameter a, int q) { return ry(Angle.of(a), q); }
    public Builder rz(Parameter a, int q) { return rz(Angle.of(a), q); }
    public Builder p(Parameter a, int q) { return p(Angle.of(a), q); }

    /** Encodes the bound values of {@code inputs} as amplitudes on {@code qubits} (LSB first). */
    public Builder amplitudeEncoding(List<Parameter> inputs, int... qubits) {
      return append(new AmplitudeEncoding(qubits, inputs));
    }

    public Builder measure(int qubit, int clbit) {
      return append(new Measurement(qubit, clbit));
    }

    /** Measures qubit i into clbit i, adding a register {@code meas} when there are no clbits. */
    public Builder measureAll() {
      if (registers.isEmpty()) {
        classicalRegister("meas", numQubits);
      }
      for (int q = 0; q < numQubits; q++) {
        measure(q, q);
      }
      return this;
    }

    public Builder reset(int qubit) {
      return append(new Reset(qubit));
    }

    /** Appends {@code op}, to run only when classical bit {@code clbit} equals {@code value}. */
    public Builder conditional(int clbit, boolean value, GateOperation op) {
      return append(new Conditional(clbit, value, op));
    }

    public Builder barrier(int... qubits) {
      if (qubits.length == 0) {
        qubits = new int[numQubits];
        Arrays.setAll(qubits, i -> i);
      }
      return append(new Barrier(qubits));
    }

    /** Appends any instruction after checking qubits, clbits and parameters. */
    public Builder append(Instruction ins) {
      var qs = ins instanceof GateOperation g ? g.allQubits() : ins.qubits();
      checkQubits(ins, qs);
      if (ins instanceof GateOperation g) {
        g.angles().forEach(a -> a.parameter().ifPresent(this::use));
      } else if (ins instanceof AmplitudeEncoding a) {
        for (int q : qs) {
          if (touched[q]) {
            throw new InvalidCircuitException(
                "amplitude encoding must be the first operation on its qubits, but qubit " + q
                    + " was already used");
          }
        }
        a.inputs().forEach(this::use);
      } else if (ins instanceof Conditional c) {
        int n = registers.stream().mapToInt(ClassicalRegister::size).sum();
        if (c.clbit() >= n) {
          throw new InvalidCircuitException(
              "conditional on classical bit " + c.clbit() + " out of range: circuit has " + n + " classical bit(s)");
        }
      } else if (ins instanceof Measurement m) {
        int n = registers.stream().mapToInt(ClassicalRegister::size).sum();
        if (m.clbit() < 0 || m.clbit() >= n) {
          throw new InvalidCircuitException(
              "classical bit " + m.clbit() + " out of range: circuit has " + n + " classical bit(s)");
        }
      }
      if (!(ins instanceof Barrier)) {
        for (int q : qs) {
          touched[q] = true;
        }
      }
      instructions.add(ins);
      return this;
    }

    private void checkQubits(Instruction ins, int[] qs) {
      for (int i = 0; i < qs.length; i++) {
        if (qs[i] < 0 || qs[i] >= numQubits) {
          throw new InvalidCircuitException(
              "qubit " + qs[i] + " out of range in '" + ins + "': circuit has " + numQubits
                  + " qubit(s), valid indices 0.." + (numQubits - 1));
        }
        for (int j = 0; j < i; j++) {
          if (qs[i] == qs[j]) {
            throw new InvalidCircuitException("qubit " + qs[i] + " appears twice in '" + ins + "'");
          }
        }
      }
    }

    private void use(Parameter p) {
      var seen = byName.putIfAbsent(p.name(), p);
      if (seen != null && !seen.equals(p)) {
        throw new InvalidCircuitException(
            "parameter '" + p.name() + "' is used both as " + seen.kind().name().toLowerCase()
                + " and as " + p.kind().name().toLowerCase());
      }
      parameters.putIfAbsent(p, Boolean.TRUE);
    }

    public Circuit build() {
      return new Circuit(numQubits, registers, instructions, new ArrayList<>(parameters.keySet()));
    }
  }
}
