package dev.qssm.models.train;

import com.google.gson.JsonObject;
import dev.qssm.nn.Module;
import dev.qssm.optim.ParamGroup;
import java.util.List;

/**
 * A sequence classifier as the {@link Trainer} and {@code qssm eval} see it: {@code [B, L, d_in]}
 * to logits {@code [B, classes]}, its optimizer groups, and the JSON that rebuilds it ({@link
 * dev.qssm.models.Classifiers#fromConfig}). The JSON goes into every checkpoint, so a checkpoint
 * alone is enough to evaluate the model on any backend.
 */
public interface Classifier {
  Module module();

  /** The architecture, with at least {@code "model"} (the model's name); never training settings. */
  JsonObject config();

  /** Optimizer parameter groups for base learning rate {@code lr} and weight decay {@code wd}. */
  List<ParamGroup> groups(double lr, double wd);

  default String name() {
    return config().get("model").getAsString();
  }
}
