package dev.qssm.models.mamba;

import dev.qssm.QssmException;

/**
 * A Mamba sequence classifier's shape. {@code dtRank} 0 means ceil(dModel / 16); {@code pool} is
 * "mean" or "last".
 */
public record MambaConfig(int dModel, int nLayers, int expand, int dState, int dConv, int dtRank, int dIn,
    int nClasses, String pool, boolean finalNorm) {
  public MambaConfig {
    if (dModel < 1 || nLayers < 0 || expand < 1 || dState < 1 || dConv < 1 || dIn < 1 || nClasses < 1 || dtRank < 0) {
      throw new QssmException("Mamba sizes must be positive, got " + this);
    }
    if (!"mean".equals(pool) && !"last".equals(pool)) {
      throw new QssmException("pool must be 'mean' or 'last', got '" + pool + "'");
    }
    if (dtRank == 0) {
      dtRank = (dModel + 15) / 16;
    }
  }

  /** d_model, layers, expand, d_state with the defaults d_conv 4, one input feature, 10 classes, mean pooling. */
  public static MambaConfig of(int dModel, int nLayers, int expand, int dState) {
    return new MambaConfig(dModel, nLayers, expand, dState, 4, 0, 1, 10, "mean", true);
  }

  public int dInner() {
    return expand * dModel;
  }
}
