package dev.qssm.models.qrnn;

import com.google.gson.JsonObject;
import dev.qssm.QssmException;
import dev.qssm.autograd.Ops;
import dev.qssm.autograd.Tensor;
import dev.qssm.backend.Backend;
import dev.qssm.models.recurrent.Observables;
import dev.qssm.models.recurrent.SequenceOp;
import dev.qssm.models.train.Classifier;
import dev.qssm.nn.Linear;
import dev.qssm.nn.Module;
import dev.qssm.optim.ParamGroup;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * QRNN (paper 004, hybrid quantum-classical RNN) as a sequence classifier, {@code [B, L, d_in]} to
 * logits {@code [B, classes]} (design in {@code docs/models.md}). The hidden state is the n-qubit
 * state; per token t:
 *
 * <ol>
 *   <li>{@code r_{t-1}}: Pauli expectation values of the state after step t-1 (the "mid-circuit
 *       readouts"; those of |0...0> before the first token);
 *   <li>{@code θ_t = ff2(tanh(ff1([embed(x_t), r_{t-1}])))}: the feed-forward network sets every
 *       angle of step t;
 *   <li>the step's unitary (angle rotations + coupling) updates the state, norm-preserving by
 *       construction.
 * </ol>
 *
 * Because θ_t depends on r_{t-1}, the steps are sequential: step t is one backend run of a circuit
 * holding the steps of the window (batched over the sequences), and its backward one vjp. {@code
 * head} maps the readouts of the whole sequence's final state to the logits. Parameters: {@code
 * embed}, {@code ff1}, {@code ff2}, {@code head} (weight and bias each); the PQC has no weights of its
 * own.
 */
public final class Qrnn extends Module implements Classifier {
  private final QrnnConfig config;
  private final SequenceOp op;
  // package-private: the recurrence test spells the steps out with these layers
  final Linear embed;
  final Linear ff1;
  final Linear ff2;
  final Linear head;
  private final double[] initial;

  /** A fresh model whose memory runs on {@code backend} at {@code shots} per sequence (0 = exact). */
  public Qrnn(QrnnConfig config, Backend backend, int shots, RandomGenerator rng) {
    this.config = config;
    var layout = config.layout();
    var obs = Observables.parse(config.observables(), config.qubits());
    this.op = new SequenceOp(backend, layout, obs, shots);
    this.initial = Observables.initialValues(obs);
    this.embed = child("embed", new Linear(config.dIn(), config.embed(), true, rng));
    this.ff1 = child("ff1", new Linear(config.embed() + obs.size(), config.hidden(), true, rng));
    this.ff2 = child("ff2", new Linear(config.hidden(), layout.inputsPerStep(), true, rng));
    this.head = child("head", new Linear(obs.size(), config.classes(), true, rng));
  }

  /** Rebuilds a model from its {@link #config()} (fresh weights: load a checkpoint next). */
  public static Qrnn fromConfig(JsonObject c, Backend backend, int shots) {
    return new Qrnn(QrnnConfig.fromJson(c), backend, shots, new SplittableRandom(0));
  }

  public QrnnConfig qrnnConfig() {
    return config;
  }

  /** The autograd op of the memory (its circuits, observables and backend). */
  public SequenceOp memory() {
    return op;
  }

  @Override
  public Tensor forward(Tensor x) {
    return head.forward(readouts(x));
  }

  /** The readouts {@code [B, K]} of the state after the whole sequence. */
  public Tensor readouts(Tensor x) {
    if (x.rank() != 3 || x.dim(2) != config.dIn()) {
      throw new QssmException("QRNN expects [batch, length, " + config.dIn() + "] input, got shape "
          + Arrays.toString(x.shape()));
    }
    int b = x.dim(0), len = x.dim(1);
    var e = embed.forward(x); // [B, L, E]
    var r0 = new double[b * initial.length];
    for (int i = 0; i < b; i++) {
      System.arraycopy(initial, 0, r0, i * initial.length, initial.length);
    }
    Tensor r = Tensor.of(r0, b, initial.length);
    var angles = new ArrayList<Tensor>(len);
    int w = config.window();
    for (int t = 0; t < len; t++) {
      var h = Ops.tanh(ff1.forward(Ops.concatLast(Ops.select(e, 1, t), r)));
      angles.add(ff2.forward(h)); // [B, m]
      if (t + 1 < len) {
        r = op.apply(w == 0 ? angles : angles.subList(Math.max(0, t + 1 - w), t + 1), null);
        requireValues(r, t);
      }
    }
    return op.apply(angles, null);
  }

  // a backend that returns no values (e.g. an IBM dry run, NaN) cannot drive the next step's angles
  private void requireValues(Tensor r, int t) {
    for (double v : r.data()) {
      if (!Double.isFinite(v)) {
        throw new QssmException("backend '" + op.backend().name() + "' returned no readout values for step " + (t + 1)
            + " (" + v + "; a dry run?); QRNN's next step needs them to set its angles");
      }
    }
  }

  @Override
  public Module module() {
    return this;
  }

  @Override
  public JsonObject config() {
    return config.toJson();
  }

  /** All parameters at {@code lr}; weight decay {@code wd} on the weight matrices only. */
  @Override
  public List<ParamGroup> groups(double lr, double wd) {
    var decay = new LinkedHashMap<String, Tensor>();
    var plain = new LinkedHashMap<String, Tensor>();
    parameters().forEach((name, t) -> (t.rank() >= 2 ? decay : plain).put(name, t));
    return List.of(new ParamGroup(decay, lr, wd), new ParamGroup(plain, lr, 0));
  }
}
