package dev.qssm.models;

import com.google.gson.JsonObject;
import dev.qssm.QssmException;
import dev.qssm.backend.Backend;
import dev.qssm.models.hqc.HqcMamba;
import dev.qssm.models.qlam.Qlam;
import dev.qssm.models.qrnn.Qrnn;
import dev.qssm.models.train.Classifier;
import dev.qssm.models.train.WeightsException;

/** Rebuilds a sequence classifier from the architecture JSON its checkpoint carries. */
public final class Classifiers {
  private Classifiers() {}

  /**
   * A fresh model of the architecture in {@code config} (see {@link Classifier#config()}), its
   * quantum layers (if any) on {@code backend} at {@code shots} per token (0 = exact).
   */
  public static Classifier fromConfig(JsonObject config, Backend backend, int shots) {
    if (config == null || !config.has("model")) {
      throw new WeightsException("checkpoint config has no \"model\" field");
    }
    String name = config.get("model").getAsString();
    try {
      switch (name) {
        case "mamba":
        case "hqc-mamba":
          return HqcMamba.fromConfig(config, backend, shots);
        case "qlam":
          return Qlam.fromConfig(config, backend, shots);
        case "qrnn":
          return Qrnn.fromConfig(config, backend, shots);
        default:
          throw new WeightsException("checkpoint is for model '" + name + "', which is not a sequence classifier;"
              + " known: mamba, hqc-mamba, qlam, qrnn");
      }
    } catch (RuntimeException e) {
      if (e instanceof QssmException) {
        throw e;
      }
      throw new WeightsException("checkpoint config for '" + name + "' is incomplete or malformed: " + e, e);
    }
  }
}
