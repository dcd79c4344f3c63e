package dev.qssm.qnn;

import dev.qssm.QssmException;
import dev.qssm.autograd.Function;
import dev.qssm.autograd.Ops;
import dev.qssm.autograd.Tensor;
import dev.qssm.backend.Backend;
import dev.qssm.backend.Gradient;
import dev.qssm.backend.Readout;
import dev.qssm.backend.Task;
import dev.qssm.circuit.Circuit;
import dev.qssm.circuit.Parameter;
import dev.qssm.circuit.ParameterKind;
import dev.qssm.circuit.PauliString;
import dev.qssm.nn.Init;
import dev.qssm.nn.Linear;
import dev.qssm.nn.Module;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A quantum replacement for a linear layer {@code [..., in] -> [..., out]} (HQC-Mamba's
 * projections). With {@code n = ceil(log2(max(in, out)))} qubits, each token x is amplitude-encoded
 * (zero-padded; the circuit normalises, the norm ||x|| is kept classically), then {@code layers}
 * layers of {@code Rot = rz(α) ry(β) rz(γ)} on every qubit followed by an entangler run.
 *
 * <ul>
 *   <li>{@link Kind#PROBABILITIES}: {@code y_k = scale_k · 2^n · p_k · ||x|| + bias_k} for the first
 *       {@code out} basis states (2^n p is 1 on average, so y has the size of x).
 *   <li>{@link Kind#PAULI_Z}: {@code y = head(<Z_i> · ||x||)}, a classical Linear over the n
 *       qubits' Z expectations: n numbers per token, cheap to estimate on hardware.
 * </ul>
 *
 * <p>Every forward pass is one {@link Backend#run} whose task carries all tokens as binding rows;
 * every backward pass is one {@link Backend#vjp}, so the backend picks the gradient method. With
 * shots the outputs and gradients are estimates. A zero token gives {@code bias} (or the head's
 * bias) and no gradient to x. Parameters: {@code weights [layers, n, 3]} (α, β, γ per qubit, as
 * PennyLane's StronglyEntanglingLayers), then {@code scale, bias [out]} or {@code head.weight,
 * head.bias}.
 *
 * <p>Why rz·ry·rz and not u3: the same rotation up to phase, but three one-angle rotations have
 * the two-term shift rule on every backend and are native on hardware (rz is virtual there), while
 * u3 would need decomposing on most backends before its angles can be shifted.
 */
public final class QuantumProjection extends Module {

  /** The entangling block after each layer of rotations. */
  public enum Entangler {
    /** cx(i, i+1 mod n) for every i (one cx for 2 qubits, none for 1). */
    CNOT_RING,
    /** cz on every pair of qubits. */
    ALL_TO_ALL_CZ
  }

  /** What is read out. */
  public enum Kind {
    PROBABILITIES,
    PAULI_Z
  }

  /**
   * @param layers rotation + entangler layers, at least 1
   * @param shots 0 for exact values (if the backend can), else shots per token
   */
  public record Options(int layers, Entangler entangler, Kind kind, int shots) {
    public Options {
      Objects.requireNonNull(entangler, "entangler");
      Objects.requireNonNull(kind, "kind");
      if (layers < 1) {
        throw new QssmException("a quantum projection needs at least 1 layer, got " + layers);
      }
      if (shots < 0) {
        throw new QssmException("shots must be 0 (exact) or positive, got " + shots);
      }
    }

    /** 2 layers, CNOT ring, probabilities, exact. */
    public static Options defaults() {
      return new Options(2, Entangler.CNOT_RING, Kind.PROBABILITIES, 0);
    }

    public Options withLayers(int l) {
      return new Options(l, entangler, kind, shots);
    }

    public Options withEntangler(Entangler e) {
      return new Options(layers, e, kind, shots);
    }

    public Options withKind(Kind k) {
      return new Options(layers, entangler, k, shots);
    }

    public Options withShots(int s) {
      return new Options(layers, entangler, kind, s);
    }
  }

  private final Backend backend;
  private final int in;
  private final int out;
  private final int n;
  private final Options options;
  private final Circuit circuit;
  private final int[] inputColumns;
  private final int[] weightColumns;
  private final Readout readout;
  private final int width; // values per token that leave the quantum op
  private final Tensor weights;
  private final Tensor scale;
  private final Tensor bias;
  private final Linear head;

  public QuantumProjection(Backend backend, int in, int out, Options options, RandomGenerator rng) {
    this.backend = Objects.requireNonNull(backend, "backend");
    this.options = Objects.requireNonNull(options, "options");
    if (in < 1 || out < 1) {
      throw new QssmException("a quantum projection needs in >= 1 and out >= 1 features, got " + in + " -> " + out);
    }
    int qubits = 0;
    while ((1 << qubits) < Math.max(in, out)) {
      qubits++;
    }
    if (qubits > 30) {
      throw new QssmException("a quantum projection " + in + " -> " + out + " needs " + qubits + " qubits (max 30)");
    }
    this.in = in;
    this.out = out;
    this.n = Math.max(1, qubits); // 1 -> 1 still needs a qubit
    this.circuit = buildCircuit(n, in, options);
    var inputs = circuit.inputs();
    var ws = circuit.weights();
    this.inputColumns = new int[in];
    for (int i = 0; i < in; i++) {
      inputColumns[i] = circuit.parameterIndex(inputs.get(i));
    }
    this.weightColumns = new int[ws.size()];
    for (int i = 0; i < ws.size(); i++) {
      weightColumns[i] = circuit.parameterIndex(ws.get(i));
    }
    var w = new double[options.layers() * n * 3];
    for (int i = 0; i < w.length; i++) {
      w[i] = rng.nextDouble() * 2 * Math.PI;
    }
    this.weights = parameter("weights", Tensor.variable(w, options.layers(), n, 3));
    if (options.kind() == Kind.PROBABILITIES) {
      // only the first out of 2^n probabilities are used, so only those are asked for
      this.readout = out < 1 << n ? Readout.probabilities().first(out) : Readout.probabilities();
      this.width = out;
      this.scale = parameter("scale", Init.constant(1, out));
      this.bias = parameter("bias", Init.constant(0, out));
      this.head = null;
    } else {
      var zs = new PauliString[n];
      for (int q = 0; q < n; q++) {
        zs[q] = PauliString.z(q);
      }
      this.readout = Readout.expectations(zs);
      this.width = n;
      this.scale = null;
      this.bias = null;
      this.head = child("head", new Linear(n, out, true, rng));
    }
  }

  private static Circuit buildCircuit(int n, int in, Options o) {
    var x = Parameter.vector("x", in, ParameterKind.INPUT);
    var b = Circuit.builder(n);
    var all = new int[n];
    Arrays.setAll(all, q -> q);
    b.amplitudeEncoding(x, all);
    for (int l = 0; l < o.layers(); l++) {
      for (int q = 0; q < n; q++) {
        String p = "w" + l + "_" + q + "_";
        b.rz(Parameter.weight(p + "a"), q);
        b.ry(Parameter.weight(p + "b"), q);
        b.rz(Parameter.weight(p + "c"), q);
      }
      if (o.entangler() == Entangler.CNOT_RING) {
        if (n == 2) {
          b.cx(0, 1);
        } else if (n > 2) {
          for (int q = 0; q < n; q++) {
            b.cx(q, (q + 1) % n);
          }
        }
      } else {
        for (int i = 0; i < n; i++) {
          for (int j = i + 1; j < n; j++) {
            b.cz(i, j);
          }
        }
      }
    }
    return b.build();
  }

  /** The circuit run for every token (inputs x0.., then weights in {@code weights} order). */
  public Circuit circuit() {
    return circuit;
  }

  public int qubits() {
    return n;
  }

  public Options options() {
    return options;
  }

  @Override
  public Tensor forward(Tensor x) {
    int[] shape = x.shape();
    if (shape.length == 0 || shape[shape.length - 1] != in) {
      throw new QssmException(
          "quantum projection expects [..., " + in + "] input, got shape " + Arrays.toString(shape));
    }
    int rows = x.size() / in;
    var q = quantum(x, rows);
    var outShape = shape.clone();
    outShape[outShape.length - 1] = width;
    q = Ops.reshape(q, outShape);
    return head != null ? head.forward(q) : q;
  }

  /**
   * The op {@code [rows, in] -> [rows, width]}: {@code F · readout(x/||x||) · ||x||}, times scale
   * plus bias when there is no head. Scale and bias are applied here rather than by two broadcast
   * ops: at in_proj's size those were two more passes over [tokens, 1024] each way.
   */
  private Tensor quantum(Tensor x, int rows) {
    double factor = options.kind() == Kind.PROBABILITIES ? (double) (1L << n) : 1;
    var xs = x.data().clone(); // the backward pass needs the values of this call
    var norms = new double[rows];
    var bindings = new double[rows][circuit.parameters().size()];
    var w = weights.data();
    for (int r = 0; r < rows; r++) {
      double s = 0;
      for (int i = 0; i < in; i++) {
        double v = xs[r * in + i];
        s += v * v;
      }
      norms[r] = Math.sqrt(s);
      var row = bindings[r];
      if (norms[r] > 0) {
        for (int i = 0; i < in; i++) {
          row[inputColumns[i]] = xs[r * in + i];
        }
      } else {
        row[inputColumns[0]] = 1; // any direction: the output is multiplied by the norm 0
      }
      for (int k = 0; k < weightColumns.length; k++) {
        row[weightColumns[k]] = w[k];
      }
    }
    var tb = Task.builder(circuit).bindings(bindings).readout(readout);
    if (options.shots() > 0) {
      tb.shots(options.shots());
    }
    var task = tb.build();
    var result = backend.run(List.of(task)).get(0);
    var vals = result.values();
    // y = a_k · p_k · ||x|| + b_k with a = factor · scale (or factor) and b = bias (or 0)
    var a = new double[width];
    var b = new double[width];
    for (int k = 0; k < width; k++) {
      a[k] = scale != null ? factor * scale.data()[k] : factor;
      b[k] = bias != null ? bias.data()[k] : 0;
    }
    var y = new double[rows * width];
    for (int r = 0; r < rows; r++) {
      var v = vals[r];
      for (int k = 0; k < width; k++) {
        y[r * width + k] = a[k] * v[k] * norms[r] + b[k];
      }
    }
    Function backward = (g, grads) -> {
      int size = readout.size(circuit);
      var cot = new double[rows][size];
      var normGrad = new double[rows];
      var gScale = scale != null && grads[2] != null ? new double[width] : null;
      for (int r = 0; r < rows; r++) {
        var v = vals[r];
        double norm = norms[r];
        for (int k = 0; k < width; k++) {
          double gk = g[r * width + k];
          cot[r][k] = gk * a[k] * norm;
          normGrad[r] += gk * a[k] * v[k];
          if (gScale != null) {
            gScale[k] += gk * factor * v[k] * norm;
          }
        }
      }
      if (gScale != null) {
        for (int k = 0; k < width; k++) {
          grads[2][k] += gScale[k];
        }
      }
      if (bias != null && grads[3] != null) {
        for (int r = 0; r < rows; r++) {
          for (int k = 0; k < width; k++) {
            grads[3][k] += g[r * width + k];
          }
        }
      }
      Gradient grad = backend.vjp(List.of(task), List.<double[][]>of(cot)).get(0);
      if (grads[0] != null) {
        var gx = grads[0];
        for (int r = 0; r < rows; r++) {
          if (norms[r] == 0) {
            continue;
          }
          var gi = grad.inputs()[r];
          for (int i = 0; i < in; i++) {
            gx[r * in + i] += gi[inputColumns[i]] + normGrad[r] * xs[r * in + i] / norms[r];
          }
        }
      }
      if (grads[1] != null) {
        var gw = grads[1];
        for (int k = 0; k < weightColumns.length; k++) {
          gw[k] += grad.weights()[weightColumns[k]];
        }
      }
    };
    var shape = new int[] {rows, width};
    return scale != null
        ? Tensor.custom(y, shape, backward, x, weights, scale, bias)
        : Tensor.custom(y, shape, backward, x, weights);
  }
}
