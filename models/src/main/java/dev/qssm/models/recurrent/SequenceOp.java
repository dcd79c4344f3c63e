package dev.qssm.models.recurrent;

import dev.qssm.QssmException;
import dev.qssm.autograd.Tensor;
import dev.qssm.backend.Backend;
import dev.qssm.backend.Gradient;
import dev.qssm.backend.Readout;
import dev.qssm.backend.Task;
import dev.qssm.circuit.Circuit;
import dev.qssm.circuit.PauliString;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The autograd op of a recurrent quantum memory: the token angles of T steps (and the shared
 * weights) in, the Pauli expectation values of the state after the last step out, {@code [B, K]}.
 * A batch is one {@link Task} (one binding row per sequence, one circuit of T steps): the forward
 * pass is one {@link Backend#run}, the backward pass one {@link Backend#vjp}, which gives the
 * gradient of the weights and of every token angle (adjoint on {@code exact}, parameter shift
 * elsewhere). Circuits are built once per length and cached.
 */
public final class SequenceOp {
  private final Backend backend;
  private final StepLayout layout;
  private final List<PauliString> observables;
  private final Readout readout;
  private final int shots;
  private final Map<Integer, Prepared> prepared = new HashMap<>();

  private record Prepared(Circuit circuit, int[] weightColumns, int[] inputColumns) {}

  /** {@code shots} 0 asks for exact values (if the backend can), else shots per sequence. */
  public SequenceOp(Backend backend, StepLayout layout, List<PauliString> observables, int shots) {
    this.backend = Objects.requireNonNull(backend, "backend");
    this.layout = Objects.requireNonNull(layout, "layout");
    this.observables = List.copyOf(observables);
    this.readout = Readout.expectations(this.observables);
    if (shots < 0) {
      throw new QssmException("shots must be 0 (exact) or positive, got " + shots);
    }
    this.shots = shots;
  }

  public Backend backend() {
    return backend;
  }

  public StepLayout layout() {
    return layout;
  }

  public List<PauliString> observables() {
    return observables;
  }

  public int shots() {
    return shots;
  }

  /** The circuit of {@code steps} tokens (cached). */
  public Circuit circuit(int steps) {
    return prepare(steps).circuit();
  }

  private synchronized Prepared prepare(int steps) {
    return prepared.computeIfAbsent(steps, t -> {
      var c = layout.circuit(t);
      var ws = c.weights();
      var w = new int[ws.size()];
      for (int i = 0; i < w.length; i++) {
        w[i] = c.parameterIndex(ws.get(i));
      }
      var ins = c.inputs();
      var in = new int[ins.size()];
      for (int i = 0; i < in.length; i++) {
        in[i] = c.parameterIndex(ins.get(i));
      }
      return new Prepared(c, w, in);
    });
  }

  /**
   * Readouts {@code [B, K]} after the steps whose angles the {@code steps} tensors hold, in order;
   * each is {@code [B, ...]} with a whole number of steps ({@link StepLayout#inputsPerStep()}
   * angles each) per row. {@code weights} ({@link StepLayout#weightCount()} values) is null when
   * the layout has none.
   */
  public Tensor apply(List<Tensor> steps, Tensor weights) {
    if (steps.isEmpty()) {
      throw new QssmException("a quantum memory needs at least one step");
    }
    int rows = steps.get(0).dim(0);
    int m = layout.inputsPerStep();
    var widths = new int[steps.size()];
    int total = 0;
    for (int i = 0; i < widths.length; i++) {
      var s = steps.get(i);
      if (s.rank() < 1 || s.dim(0) != rows || s.size() % (rows * m) != 0) {
        throw new QssmException("step angles must be [" + rows + ", k*" + m + "] (whole steps of " + m
            + " angles per sequence), got shape " + java.util.Arrays.toString(s.shape()));
      }
      widths[i] = s.size() / rows;
      total += widths[i];
    }
    int nw = layout.weightCount();
    if ((weights == null) != (nw == 0) || (weights != null && weights.size() != nw)) {
      throw new QssmException("the layout has " + nw + " weights, got " + (weights == null ? "none" : weights.size()));
    }
    var p = prepare(total / m);
    var bindings = new double[rows][p.circuit().parameters().size()];
    for (int r = 0; r < rows; r++) {
      var row = bindings[r];
      int at = 0;
      for (int i = 0; i < widths.length; i++) {
        var d = steps.get(i).data();
        for (int j = 0; j < widths[i]; j++) {
          row[p.inputColumns()[at++]] = d[r * widths[i] + j];
        }
      }
      for (int k = 0; k < nw; k++) {
        row[p.weightColumns()[k]] = weights.data()[k];
      }
    }
    var tb = Task.builder(p.circuit()).bindings(bindings).readout(readout);
    if (shots > 0) {
      tb.shots(shots);
    }
    var task = tb.build();
    var vals = backend.run(List.of(task)).get(0).values();
    int width = observables.size();
    var y = new double[rows * width];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(vals[r], 0, y, r * width, width);
    }
    Tensor[] parents = new Tensor[steps.size() + (weights == null ? 0 : 1)];
    for (int i = 0; i < steps.size(); i++) {
      parents[i] = steps.get(i);
    }
    if (weights != null) {
      parents[steps.size()] = weights;
    }
    return Tensor.custom(y, new int[] {rows, width}, (g, grads) -> {
      var cot = new double[rows][width];
      for (int r = 0; r < rows; r++) {
        System.arraycopy(g, r * width, cot[r], 0, width);
      }
      Gradient grad = backend.vjp(List.of(task), List.<double[][]>of(cot)).get(0);
      for (int r = 0; r < rows; r++) {
        var gi = grad.inputs()[r];
        int at = 0;
        for (int i = 0; i < widths.length; i++) {
          if (grads[i] == null) {
            at += widths[i];
            continue;
          }
          for (int j = 0; j < widths[i]; j++) {
            grads[i][r * widths[i] + j] += gi[p.inputColumns()[at++]];
          }
        }
      }
      if (weights != null && grads[widths.length] != null) {
        var gw = grads[widths.length];
        for (int k = 0; k < nw; k++) {
          gw[k] += grad.weights()[p.weightColumns()[k]];
        }
      }
    }, parents);
  }
}
