package dev.qssm.models.qlam;

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
 * QLAM (paper 003, Quantum Long-Attention Memory) as a sequence classifier, {@code [B, L, d_in]} to
 * logits {@code [B, classes]} (design in {@code docs/models.md}):
 *
 * <ol>
 *   <li>{@code embed} maps each token to its step's rotation angles (a Linear, d_in to {@link
 *       dev.qssm.models.recurrent.StepLayout#inputsPerStep()});
 *   <li>the memory: the n-qubit state after all L steps from |0...0> (token rotations, trained
 *       {@code rz ry rz}, coupling per step); the whole sequence is one circuit, the batch one task;
 *   <li>the query-dependent measurement: the expectation values o of K Pauli observables, weighted
 *       per head h by {@code α_h = softmax(query(mean_t angles_t))_h} over the K observables, {@code
 *       f_h = K · α_h ⊙ o};
 *   <li>{@code head}: a Linear from the H·K weighted readouts to the logits.
 * </ol>
 *
 * Parameters: {@code embed.weight/bias}, {@code weights} (quantum: rz ry rz per layer and qubit,
 * then the rzz angles if any), {@code
 * query.weight/bias}, {@code head.weight/bias}.
 */
public final class Qlam extends Module implements Classifier {
  private final QlamConfig config;
  private final SequenceOp op;
  private final Linear embed;
  private final Tensor weights;
  private final Linear query;
  private final Linear head;
  private final int k;

  /** A fresh model whose memory runs on {@code backend} at {@code shots} per sequence (0 = exact). */
  public Qlam(QlamConfig config, Backend backend, int shots, RandomGenerator rng) {
    this.config = config;
    var layout = config.layout();
    var obs = Observables.parse(config.observables(), config.qubits());
    this.op = new SequenceOp(backend, layout, obs, shots);
    this.k = obs.size();
    this.embed = child("embed", new Linear(config.dIn(), layout.inputsPerStep(), true, rng));
    var w = new double[layout.weightCount()];
    for (int i = 0; i < w.length; i++) {
      // small: a step starts near "token rotations + coupling", far from a scrambling random circuit
      w[i] = (rng.nextDouble() * 2 - 1) * 0.1 * Math.PI;
    }
    this.weights = parameter("weights", Tensor.variable(w, w.length));
    this.query = child("query", new Linear(layout.inputsPerStep(), config.heads() * k, true, rng));
    this.head = child("head", new Linear(config.heads() * k, config.classes(), true, rng));
  }

  /** Rebuilds a model from its {@link #config()} (fresh weights: load a checkpoint next). */
  public static Qlam fromConfig(JsonObject c, Backend backend, int shots) {
    return new Qlam(QlamConfig.fromJson(c), backend, shots, new SplittableRandom(0));
  }

  public QlamConfig qlamConfig() {
    return config;
  }

  /** The autograd op of the memory (its circuits, observables and backend). */
  public SequenceOp memory() {
    return op;
  }

  @Override
  public Tensor forward(Tensor x) {
    if (x.rank() != 3 || x.dim(2) != config.dIn()) {
      throw new QssmException("QLAM expects [batch, length, " + config.dIn() + "] input, got shape "
          + Arrays.toString(x.shape()));
    }
    int b = x.dim(0);
    var angles = embed.forward(x); // [B, L, m]
    var o = op.apply(List.of(angles), weights); // [B, K]
    var q = query.forward(Ops.meanDim(angles, 1)); // [B, H*K]
    var alpha = Softmax.last(Ops.reshape(q, b, config.heads(), k));
    var f = Ops.scale(Ops.mul(alpha, Ops.reshape(o, b, 1, k)), k);
    return head.forward(Ops.reshape(f, b, config.heads() * k));
  }

  /** The readouts o {@code [B, K]} of the memory after the sequence, before the query weighting. */
  public Tensor readouts(Tensor x) {
    return op.apply(List.of(embed.forward(x)), weights);
  }

  @Override
  public Module module() {
    return this;
  }

  @Override
  public JsonObject config() {
    return config.toJson();
  }

  /** All parameters at {@code lr}; weight decay {@code wd} on the classical matrices only. */
  @Override
  public List<ParamGroup> groups(double lr, double wd) {
    var decay = new LinkedHashMap<String, Tensor>();
    var plain = new LinkedHashMap<String, Tensor>();
    parameters().forEach((name, t) -> (t != weights && t.rank() >= 2 ? decay : plain).put(name, t));
    var g = new ArrayList<ParamGroup>();
    g.add(new ParamGroup(decay, lr, wd));
    g.add(new ParamGroup(plain, lr, 0));
    return g;
  }
}
