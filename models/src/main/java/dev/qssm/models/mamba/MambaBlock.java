package dev.qssm.models.mamba;

import dev.qssm.autograd.Ops;
import dev.qssm.autograd.Tensor;
import dev.qssm.nn.CausalConv1d;
import dev.qssm.nn.Init;
import dev.qssm.nn.Linear;
import dev.qssm.nn.Module;
import java.util.random.RandomGenerator;

/**
 * The Mamba-1 mixer (Gu and Dao), parameters under the reference names: in_proj, conv1d, x_proj,
 * dt_proj, A_log, D, out_proj. Official initialisation: A_log = log(1..N) per channel, D = 1,
 * dt_proj bias = softplus^-1 of dt log-uniform in [1e-3, 1e-1] (floored at 1e-4), dt_proj weight
 * uniform with std-bound dt_rank^-1/2, out_proj divided by sqrt(n_layers).
 */
public final class MambaBlock extends Module {
  private final MambaConfig cfg;
  private final Tensor aLog;
  private final Tensor d;
  private final Module inProj;
  private final CausalConv1d conv;
  private final Module xProj;
  private final Linear dtProj;
  private final Module outProj;

  public MambaBlock(MambaConfig cfg, int layer, Projection projections, RandomGenerator rng) {
    this.cfg = cfg;
    int di = cfg.dInner(), n = cfg.dState(), r = cfg.dtRank();
    var alog = new double[di * n];
    for (int c = 0; c < di; c++) {
      for (int j = 0; j < n; j++) {
        alog[c * n + j] = Math.log(j + 1);
      }
    }
    this.aLog = parameter("A_log", Tensor.variable(alog, di, n));
    this.d = parameter("D", Init.constant(1, di));
    this.inProj = child("in_proj", projections.create("in_proj", layer, cfg.dModel(), 2 * di, rng));
    this.conv = child("conv1d", new CausalConv1d(di, cfg.dConv(), rng));
    this.xProj = child("x_proj", projections.create("x_proj", layer, di, r + 2 * n, rng));
    this.dtProj = child("dt_proj", new Linear(r, di, true, rng));
    this.outProj = child("out_proj", projections.create("out_proj", layer, di, cfg.dModel(), rng));
    initDt(rng, r);
    if (outProj instanceof Linear l) {
      var w = l.weight().data();
      double f = 1 / Math.sqrt(cfg.nLayers());
      for (int i = 0; i < w.length; i++) {
        w[i] *= f;
      }
    }
  }

  private void initDt(RandomGenerator rng, int r) {
    var params = dtProj.parameters();
    var w = params.get("weight").data();
    double std = Math.pow(r, -0.5);
    for (int i = 0; i < w.length; i++) {
      w[i] = (2 * rng.nextDouble() - 1) * std;
    }
    var b = params.get("bias").data();
    double lo = Math.log(1e-3), hi = Math.log(1e-1);
    for (int i = 0; i < b.length; i++) {
      double dt = Math.max(1e-4, Math.exp(rng.nextDouble() * (hi - lo) + lo));
      b[i] = dt + Math.log(-Math.expm1(-dt)); // inverse softplus
    }
  }

  /** {@code u [B, L, d_model]} to {@code [B, L, d_model]}. */
  @Override
  public Tensor forward(Tensor u) {
    int di = cfg.dInner(), n = cfg.dState(), r = cfg.dtRank();
    var xz = inProj.forward(u);
    var x = xz.slice(0, di);
    var z = xz.slice(di, 2 * di);
    var xs = conv.forward(x).silu();
    var dbc = xProj.forward(xs);
    var dt = dbc.slice(0, r);
    var bm = dbc.slice(r, r + n);
    var cm = dbc.slice(r + n, r + 2 * n);
    var delta = dtProj.forward(dt).softplus();
    var a = aLog.exp().neg();
    var y = Ops.selectiveScan(xs, delta, a, bm, cm, d);
    return outProj.forward(y.mul(z.silu()));
  }
}
