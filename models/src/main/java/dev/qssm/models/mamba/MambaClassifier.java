package dev.qssm.models.mamba;

import dev.qssm.autograd.Ops;
import dev.qssm.autograd.Tensor;
import dev.qssm.nn.Linear;
import dev.qssm.nn.Module;
import dev.qssm.nn.RMSNorm;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * embed (Linear d_in to d_model) then n residual blocks {@code h + mixer(norm(h))}, a final
 * RMSNorm, mean or last-token pooling and a linear head: {@code [B, L, d_in]} to logits
 * {@code [B, n_classes]}. Parameter names follow the PyTorch reference (embed.*, layers.{i}.norm,
 * layers.{i}.mixer.*, norm_f, head.*).
 */
public final class MambaClassifier extends Module {
  static final double EPS = 1e-5;
  private final MambaConfig cfg;
  private final Linear embed;
  private final List<RMSNorm> norms = new ArrayList<>();
  private final List<MambaBlock> mixers = new ArrayList<>();
  private final RMSNorm normF;
  private final Linear head;

  public MambaClassifier(MambaConfig cfg, RandomGenerator rng) {
    this(cfg, (name, layer, in, out, r) -> new Linear(in, out, false, r), rng);
  }

  public MambaClassifier(MambaConfig cfg, Projection projections, RandomGenerator rng) {
    this.cfg = cfg;
    this.embed = child("embed", new Linear(cfg.dIn(), cfg.dModel(), true, rng));
    for (int i = 0; i < cfg.nLayers(); i++) {
      var layer = child("layers." + i, new Layer());
      norms.add(layer.childOf("norm", new RMSNorm(cfg.dModel(), EPS)));
      mixers.add(layer.childOf("mixer", new MambaBlock(cfg, i, projections, rng)));
    }
    this.normF = cfg.finalNorm() ? child("norm_f", new RMSNorm(cfg.dModel(), EPS)) : null;
    this.head = child("head", new Linear(cfg.dModel(), cfg.nClasses(), true, rng));
  }

  public MambaConfig config() {
    return cfg;
  }

  @Override
  public Tensor forward(Tensor x) {
    return trace(x).get("logits");
  }

  /** Logits plus every named activation: embed, layers.{i}.out, norm_f, pooled, logits. */
  public Map<String, Tensor> trace(Tensor x) {
    var acts = new LinkedHashMap<String, Tensor>();
    var h = embed.forward(x);
    acts.put("embed", h);
    for (int i = 0; i < mixers.size(); i++) {
      h = h.add(mixers.get(i).forward(norms.get(i).forward(h)));
      acts.put("layers." + i + ".out", h);
    }
    if (normF != null) {
      h = normF.forward(h);
      acts.put("norm_f", h);
    }
    var pooled = cfg.pool().equals("mean") ? Ops.meanDim(h, 1) : Ops.select(h, 1, h.dim(1) - 1);
    acts.put("pooled", pooled);
    acts.put("logits", head.forward(pooled));
    return acts;
  }

  // a residual layer's container, so names read layers.{i}.norm / layers.{i}.mixer
  private static final class Layer extends Module {
    @Override
    public Tensor forward(Tensor x) {
      throw new UnsupportedOperationException("a container; MambaClassifier runs its parts");
    }

    <M extends Module> M childOf(String name, M m) {
      return child(name, m);
    }
  }
}
