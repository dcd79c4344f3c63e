package dev.qssm.models.qmamba;

import dev.qssm.QssmException;
import dev.qssm.autograd.Ops;
import dev.qssm.autograd.Tensor;
import dev.qssm.backend.Backend;
import dev.qssm.backend.Gradient;
import dev.qssm.backend.Readout;
import dev.qssm.backend.Session;
import dev.qssm.backend.Task;
import dev.qssm.circuit.Circuit;
import dev.qssm.nn.Module;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * QMamba (paper 002): a quantum-native selective SSM over token sequences. A whole sequence is one
 * circuit ({@link QMambaCircuit}); a batch of equal-length sequences is one task whose binding rows
 * are the sequences. {@link #forward} is one {@link Backend#run}, its backward one {@link
 * Backend#vjp} (on {@code exact} and {@code noisy}: the density matrix's adjoint). Output: P(|1>) of every
 * output qubit after every token, {@code [batch, length, qIn]}; step t predicts token t+1.
 */
public final class QMamba extends Module {
  private final Backend backend;
  private final QMambaConfig config;
  private final Tensor weights;
  private final Map<Integer, Circuit> circuits = new HashMap<>();
  private int shots;
  private TokenCodec codec;

  public QMamba(Backend backend, QMambaConfig config, RandomGenerator rng) {
    this.backend = Objects.requireNonNull(backend, "backend");
    this.config = Objects.requireNonNull(config, "config");
    var w = new double[config.weightCount()];
    for (int i = 0; i < w.length; i++) {
      // remapped weights pass through π·tanh, so start them where tanh is still steep
      w[i] = config.remap() ? rng.nextDouble() * 2 - 1 : (rng.nextDouble() * 2 - 1) * Math.PI;
    }
    this.weights = parameter("weights", Tensor.variable(w, w.length));
  }

  public QMambaConfig config() {
    return config;
  }

  public Backend backend() {
    return backend;
  }

  /** The token set this model was trained on, if known (a loaded checkpoint knows it). */
  public TokenCodec codec() {
    return codec;
  }

  public QMamba codec(TokenCodec c) {
    if (c != null && (c.k() != config.k() || c.qIn() != config.qIn())) {
      throw new QssmException("codec (k=" + c.k() + ", q_in=" + c.qIn() + ") does not match the model (k="
          + config.k() + ", q_in=" + config.qIn() + ")");
    }
    this.codec = c;
    return this;
  }

  /** Shots per sequence for the backend, 0 = exact (the default). */
  public QMamba shots(int s) {
    if (s < 0) {
      throw new QssmException("shots must be 0 (exact) or positive, got " + s);
    }
    this.shots = s;
    return this;
  }

  /** The circuit for sequences of {@code length} tokens (cached). */
  public synchronized Circuit circuit(int length) {
    if (length < 1) {
      throw new QssmException("a QMamba sequence needs at least 1 token, got " + length);
    }
    return circuits.computeIfAbsent(length, n -> QMambaCircuit.build(config, n));
  }

  /** The gate angles the weights give (π·tanh(w) with re-mapping). */
  Tensor angles() {
    return config.remap() ? Ops.scale(Ops.tanh(weights), Math.PI) : weights;
  }

  /** {@code tokens [batch, length]} (token indices) to P(|1>) {@code [batch, length, qIn]}. */
  @Override
  public Tensor forward(Tensor tokens) {
    int[] shape = tokens.shape();
    if (shape.length != 2) {
      throw new QssmException("QMamba expects token indices [batch, length], got rank " + shape.length);
    }
    var seqs = new int[shape[0]][shape[1]];
    var d = tokens.data();
    for (int r = 0; r < shape[0]; r++) {
      for (int t = 0; t < shape[1]; t++) {
        seqs[r][t] = (int) d[r * shape[1] + t];
      }
    }
    return forward(seqs);
  }

  public Tensor forward(int[][] sequences) {
    var task = task(sequences);
    int rows = sequences.length;
    int length = sequences[0].length;
    int qIn = config.qIn();
    var wColumns = weightColumns(task.circuit());
    var angles = angles();
    var vals = backend.run(List.of(task)).get(0).values();
    int width = length * qIn;
    var y = new double[rows * width];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(vals[r], 0, y, r * width, width);
    }
    return Tensor.custom(y, new int[] {rows, length, qIn}, (g, grads) -> {
      if (grads[0] == null) {
        return;
      }
      var cot = new double[rows][width];
      for (int r = 0; r < rows; r++) {
        System.arraycopy(g, r * width, cot[r], 0, width);
      }
      Gradient grad = backend.vjp(List.of(task), List.<double[][]>of(cot)).get(0);
      for (int k = 0; k < wColumns.length; k++) {
        grads[0][k] += grad.weights()[wColumns[k]];
      }
    }, angles);
  }

  private int[] weightColumns(Circuit circuit) {
    var wColumns = new int[config.weightCount()];
    var ws = QMambaCircuit.weights(config);
    for (int i = 0; i < wColumns.length; i++) {
      wColumns[i] = circuit.parameterIndex(ws.get(i));
    }
    return wColumns;
  }

  /**
   * The task that runs {@code sequences} (equal lengths) with the current weights: one binding row
   * per sequence, readout P(|1>) of every mid-circuit measurement. A backend that cannot measure and
   * reset mid-circuit is refused here with the reason (one token needs neither).
   */
  public Task task(int[][] sequences) {
    if (sequences.length == 0) {
      throw new QssmException("QMamba needs at least one sequence");
    }
    return task(sequences, circuit(sequences[0].length));
  }

  private Task task(int[][] sequences, Circuit circuit) {
    int rows = sequences.length;
    int length = sequences[0].length;
    int qIn = config.qIn();
    long cap = Math.round(Math.pow(config.k(), qIn));
    if (circuit.hasMidCircuitOperations() && !backend.capabilities().midCircuit()) {
      throw new QssmException("backend '" + backend.name() + "' cannot run QMamba on " + length + " tokens: the"
          + " circuit measures and resets qubits between tokens (a dynamic circuit) and this backend runs terminal"
          + " measurements only; use exact, noisy or ibm");
    }
    var wColumns = weightColumns(circuit);
    var a = angles().data();
    var bindings = new double[rows][circuit.parameters().size()];
    for (int r = 0; r < rows; r++) {
      if (sequences[r].length != length) {
        throw new QssmException("a QMamba batch needs sequences of one length: row 0 has " + length + ", row "
            + r + " has " + sequences[r].length);
      }
      for (int k = 0; k < wColumns.length; k++) {
        bindings[r][wColumns[k]] = a[k];
      }
      for (int t = 0; t < length; t++) {
        int v = sequences[r][t];
        if (v < 0 || v >= cap) {
          throw new QssmException("token index must be in 0.." + (cap - 1) + " for k=" + config.k() + ", q_in="
              + qIn + ", got " + v);
        }
        for (int i = 0; i < qIn; i++) {
          bindings[r][circuit.parameterIndex(QMambaCircuit.input(t, i))] = v % config.k();
          v /= config.k();
        }
      }
    }
    var tb = Task.builder(circuit).bindings(bindings).readout(Readout.marginals());
    if (shots > 0) {
      tb.shots(shots);
    }
    return tb.build();
  }

  /**
   * The paper's loss: mean squared error between the P(|1>) after token t and the levels
   * n_i/(k-1) of token t+1, over every step but the last, every qubit and every sequence.
   */
  public Tensor loss(int[][] sequences) {
    return loss(sequences, 1);
  }

  /**
   * The loss over the predictions made with at least {@code minContext} tokens seen (1 = every
   * prediction, the paper's). The first predictions of a window cannot be right from so little
   * context (a space after "o" may be "zero " or "two "); their large, irreducible error otherwise
   * dominates the gradient once the rest is learnt.
   */
  public Tensor loss(int[][] sequences, int minContext) {
    if (sequences.length == 0) {
      throw new QssmException("the next-token loss needs at least one sequence");
    }
    int rows = sequences.length;
    int length = sequences[0].length;
    if (length < 2) {
      throw new QssmException("the next-token loss needs sequences of >= 2 tokens, got " + length);
    }
    if (minContext < 1 || minContext >= length) {
      throw new QssmException("the loss scores predictions from a context of minContext tokens, 1 <= minContext < "
          + "length = " + length + "; got " + minContext);
    }
    var p = forward(sequences);
    int qIn = config.qIn();
    var target = new double[rows * length * qIn];
    var mask = new double[target.length];
    for (int r = 0; r < rows; r++) {
      for (int t = minContext - 1; t + 1 < length; t++) {
        int v = sequences[r][t + 1];
        for (int i = 0; i < qIn; i++) {
          int at = (r * length + t) * qIn + i;
          target[at] = (double) (v % config.k()) / (config.k() - 1);
          mask[at] = 1;
          v /= config.k();
        }
      }
    }
    var diff = Ops.mul(Ops.sub(p, Tensor.of(target, rows, length, qIn)), Tensor.of(mask, rows, length, qIn));
    return Ops.scale(Ops.sum(Ops.mul(diff, diff)), 1.0 / (rows * (length - minContext) * qIn));
  }

  /**
   * Continues {@code prompt} by {@code count} tokens, decoding each step's P(|1>). On a backend
   * with a {@link Backend#session} each token is one step on the kept state, so the cost is linear
   * in the length; otherwise (hardware: a state cannot be paused) each new token re-runs the whole
   * sequence so far.
   */
  public int[] generate(int[] prompt, int count, TokenCodec codec, double temperature, RandomGenerator rng) {
    if (prompt.length == 0) {
      throw new QssmException("generation needs a prompt of at least one token");
    }
    if (codec.k() != config.k() || codec.qIn() != config.qIn()) {
      throw new QssmException("codec (k=" + codec.k() + ", q_in=" + codec.qIn() + ") does not match the model (k="
          + config.k() + ", q_in=" + config.qIn() + ")");
    }
    var session = shots == 0 ? backend.session(config.numQubits()) : java.util.Optional.<Session>empty();
    if (session.isPresent()) {
      try (var s = session.get()) {
        return generate(prompt, count, codec, temperature, rng, s);
      }
    }
    var seq = java.util.Arrays.copyOf(prompt, prompt.length + count);
    int qIn = config.qIn();
    for (int n = prompt.length; n < seq.length; n++) {
      var p = forward(new int[][] {java.util.Arrays.copyOf(seq, n)}).data();
      seq[n] = codec.sample(checked(java.util.Arrays.copyOfRange(p, (n - 1) * qIn, n * qIn), n - prompt.length),
          temperature, rng);
    }
    return java.util.Arrays.copyOfRange(seq, prompt.length, seq.length);
  }

  private int[] generate(int[] prompt, int count, TokenCodec codec, double temperature, RandomGenerator rng,
      Session session) {
    var step = QMambaCircuit.step(config);
    var binding = task(new int[][] {{prompt[0]}}, step).bindings()[0];
    double[] last = null;
    var out = new int[count];
    for (int n = 0; n < prompt.length + count - 1; n++) {
      int token = n < prompt.length ? prompt[n] : out[n - prompt.length];
      setToken(binding, step, token);
      last = session.run(step, binding, Readout.marginals());
      if (n + 1 >= prompt.length) {
        out[n + 1 - prompt.length] = codec.sample(checked(last, n + 1 - prompt.length), temperature, rng);
      }
    }
    return out;
  }

  private void setToken(double[] binding, Circuit step, int token) {
    int v = token;
    for (int i = 0; i < config.qIn(); i++) {
      binding[step.parameterIndex(QMambaCircuit.input(0, i))] = v % config.k();
      v /= config.k();
    }
  }

  private double[] checked(double[] p, int generated) {
    for (double v : p) {
      if (Double.isNaN(v)) {
        throw new QssmException("backend '" + backend.name() + "' returned no values for generation step "
            + (generated + 1) + " (a dry run writes jobs and returns none; each new token needs the last"
            + " one's result)");
      }
    }
    return p;
  }
}
