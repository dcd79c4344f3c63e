package dev.qssm.models.hqc;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.qssm.QssmException;
import dev.qssm.autograd.Tensor;
import dev.qssm.backend.Backend;
import dev.qssm.models.mamba.MambaClassifier;
import dev.qssm.models.mamba.MambaConfig;
import dev.qssm.models.mamba.Projection;
import dev.qssm.models.train.Classifier;
import dev.qssm.nn.Linear;
import dev.qssm.optim.ParamGroup;
import dev.qssm.qnn.QuantumProjection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * HQC-Mamba: a {@link MambaClassifier} whose {@code in_proj}, {@code x_proj} and/or {@code
 * out_proj} are {@link QuantumProjection}s on a given backend ({@code dt_proj} stays classical).
 * The quantum weights appear under the block's names, e.g. {@code layers.0.mixer.in_proj.weights},
 * {@code .scale}, {@code .bias} (or {@code .head.weight}, {@code .head.bias} for the Pauli-Z
 * readout). With no quantum projection it is the classical Mamba baseline, initialised from the same
 * random stream.
 */
public final class HqcMamba implements Classifier {
  /** The projections that can be quantum. */
  public static final Set<String> ALL = Set.of("in_proj", "x_proj", "out_proj");
  private static final List<String> ALL_IN_ORDER = List.of("in_proj", "x_proj", "out_proj");

  private final MambaClassifier model;
  private final Set<Tensor> quantumParams;
  private final Set<String> quantum;
  private final QuantumProjection.Options options;

  private HqcMamba(MambaClassifier model, Set<Tensor> quantumParams, Set<String> quantum,
      QuantumProjection.Options options) {
    this.model = model;
    this.quantumParams = quantumParams;
    this.quantum = quantum;
    this.options = options;
  }

  /** The classical Mamba classifier (no backend needed). */
  public static HqcMamba classical(MambaConfig cfg, RandomGenerator rng) {
    return create(cfg, null, Set.of(), QuantumProjection.Options.defaults(), rng);
  }

  /**
   * Builds the model; {@code quantum} is any subset of {@link #ALL} (empty gives the classical
   * Mamba with the same initialisation stream, and {@code backend} may then be null).
   */
  public static HqcMamba create(MambaConfig cfg, Backend backend, Set<String> quantum,
      QuantumProjection.Options options, RandomGenerator rng) {
    if (!quantum.isEmpty()) {
      Objects.requireNonNull(backend, "backend");
    }
    for (var name : quantum) {
      if (!ALL.contains(name)) {
        throw new QssmException("unknown projection '" + name + "': quantum projections can be in_proj, x_proj, out_proj");
      }
    }
    Set<Tensor> qp = Collections.newSetFromMap(new IdentityHashMap<>());
    Projection factory = (name, layer, in, out, r) -> {
      if (!quantum.contains(name)) {
        return new Linear(in, out, false, r);
      }
      var p = new QuantumProjection(backend, in, out, options, r);
      qp.addAll(p.parameters().values());
      return p;
    };
    var model = new MambaClassifier(cfg, factory, rng);
    return new HqcMamba(model, qp, Collections.unmodifiableSet(new LinkedHashSet<>(quantum)), options);
  }

  /**
   * Rebuilds a model from its {@link #config()} with fresh weights (load a checkpoint's next), its
   * quantum projections on {@code backend} at {@code shots} per token (0 = exact).
   */
  public static HqcMamba fromConfig(JsonObject c, Backend backend, int shots) {
    var cfg = new MambaConfig(c.get("d_model").getAsInt(), c.get("n_layers").getAsInt(), c.get("expand").getAsInt(),
        c.get("d_state").getAsInt(), c.get("d_conv").getAsInt(), c.get("dt_rank").getAsInt(), c.get("d_in").getAsInt(),
        c.get("n_classes").getAsInt(), c.get("pool").getAsString(), c.get("final_norm").getAsBoolean());
    var quantum = new LinkedHashSet<String>();
    var options = QuantumProjection.Options.defaults().withShots(shots);
    if (c.has("quantum")) {
      c.getAsJsonArray("quantum").forEach(e -> quantum.add(e.getAsString()));
      options = options.withLayers(c.get("q_layers").getAsInt())
          .withEntangler(QuantumProjection.Entangler.valueOf(c.get("entangler").getAsString()))
          .withKind(QuantumProjection.Kind.valueOf(c.get("readout").getAsString()));
    }
    return create(cfg, backend, quantum, options, new java.util.SplittableRandom(0));
  }

  public MambaClassifier model() {
    return model;
  }

  @Override
  public MambaClassifier module() {
    return model;
  }

  /** "mamba" or "hqc-mamba", the Mamba sizes, and for HQC-Mamba the quantum projections' settings. */
  @Override
  public JsonObject config() {
    MambaConfig c = model.config();
    var j = new JsonObject();
    j.addProperty("model", quantum.isEmpty() ? "mamba" : "hqc-mamba");
    j.addProperty("d_model", c.dModel());
    j.addProperty("n_layers", c.nLayers());
    j.addProperty("expand", c.expand());
    j.addProperty("d_state", c.dState());
    j.addProperty("d_conv", c.dConv());
    j.addProperty("dt_rank", c.dtRank());
    j.addProperty("d_in", c.dIn());
    j.addProperty("n_classes", c.nClasses());
    j.addProperty("pool", c.pool());
    j.addProperty("final_norm", c.finalNorm());
    if (!quantum.isEmpty()) {
      var q = new JsonArray();
      ALL_IN_ORDER.stream().filter(quantum::contains).forEach(q::add);
      j.add("quantum", q);
      j.addProperty("q_layers", options.layers());
      j.addProperty("entangler", options.entangler().name());
      j.addProperty("readout", options.kind().name());
    }
    return j;
  }

  /** True when {@code t} is a parameter of one of the quantum projections. */
  public boolean isQuantum(Tensor t) {
    return quantumParams.contains(t);
  }

  /**
   * The paper's parameter groups for base rate {@code lr} (1e-3 in the paper): in_proj and
   * out_proj at 0.3 lr, x_proj at 0.1 lr (3e-4 / 1e-4 / 3e-4), everything else at lr; weight
   * decay {@code wd} on classical matrices (not A_log, D, norms, biases), 0 on every parameter of a
   * quantum projection.
   */
  @Override
  public List<ParamGroup> groups(double lr, double wd) {
    var byKey = new LinkedHashMap<String, LinkedHashMap<String, Tensor>>();
    var settings = new LinkedHashMap<String, double[]>();
    model.parameters().forEach((name, t) -> {
      double rate = name.contains(".x_proj.") ? lr / 10
          : name.contains(".in_proj.") || name.contains(".out_proj.") ? lr * 0.3 : lr;
      boolean decay = !isQuantum(t) && t.rank() >= 2 && !name.endsWith("A_log");
      String key = rate + "/" + decay;
      byKey.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(name, t);
      settings.put(key, new double[] {rate, decay ? wd : 0});
    });
    var groups = new ArrayList<ParamGroup>();
    byKey.forEach((k, params) -> groups.add(new ParamGroup(params, settings.get(k)[0], settings.get(k)[1])));
    return groups;
  }
}
