package dev.qssm.models.hqc;

import dev.qssm.QssmException;
import dev.qssm.autograd.Tensor;
import dev.qssm.backend.Backend;
import dev.qssm.models.mamba.MambaClassifier;
import dev.qssm.models.mamba.MambaConfig;
import dev.qssm.models.mamba.Projection;
import dev.qssm.nn.Linear;
import dev.qssm.optim.ParamGroup;
import dev.qssm.qnn.QuantumProjection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * HQC-Mamba: a {@link MambaClassifier} whose {@code in_proj}, {@code x_proj} and/or {@code
 * out_proj} are {@link QuantumProjection}s on a given backend ({@code dt_proj} stays classical).
 * The quantum weights appear under the block's names, e.g. {@code layers.0.mixer.in_proj.weights},
 * {@code .scale}, {@code .bias} (or {@code .head.weight}, {@code .head.bias} for the Pauli-Z
 * readout).
 */
public final class HqcMamba {
  /** The projections that can be quantum. */
  public static final Set<String> ALL = Set.of("in_proj", "x_proj", "out_proj");

  private final MambaClassifier model;
  private final Set<Tensor> quantumParams;

  private HqcMamba(MambaClassifier model, Set<Tensor> quantumParams) {
    this.model = model;
    this.quantumParams = quantumParams;
  }

  /**
   * Builds the model; {@code quantum} is any subset of {@link #ALL} (empty gives the classical
   * Mamba with the same initialisation stream).
   */
  public static HqcMamba create(MambaConfig cfg, Backend backend, Set<String> quantum,
      QuantumProjection.Options options, RandomGenerator rng) {
    Objects.requireNonNull(backend, "backend");
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
    return new HqcMamba(model, qp);
  }

  public MambaClassifier model() {
    return model;
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
