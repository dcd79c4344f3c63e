package dev.qssm.models.train;

import com.google.gson.JsonObject;
import dev.qssm.backend.Backend;
import dev.qssm.models.Classifiers;
import dev.qssm.models.data.Mnist;
import dev.qssm.models.data.SequentialMnist;
import java.nio.file.Path;

/**
 * A trained sequence classifier loaded from its checkpoint, ready to evaluate on any backend: the
 * checkpoint's config rebuilds the architecture, its weights are loaded, and its data settings
 * (pixels per token, pixel permutation, data directory) rebuild the test set it was scored on.
 */
public record TrainedClassifier(Classifier classifier, JsonObject config, Path checkpoint) {

  /** Loads {@code dir} (a training output directory or a checkpoint directory) with its quantum layers on {@code backend}. */
  public static TrainedClassifier load(Path dir, Backend backend, int shots) {
    var ck = Checkpoint.locate(dir);
    var config = Checkpoint.config(dir);
    var classifier = Classifiers.fromConfig(config, backend, shots);
    Safetensors.load(ck.resolve("model.safetensors"), classifier.module());
    return new TrainedClassifier(classifier, config, ck);
  }

  public String name() {
    return classifier.name();
  }

  public long parameterCount() {
    return classifier.module().parameters().values().stream().mapToLong(t -> t.data().length).sum();
  }

  /**
   * The test split the model was trained against: from {@code data} if non-null, else from the
   * directory recorded at training time (or the bundled digits); the first {@code limit} examples
   * (0 = all).
   */
  public SequentialMnist testSet(Path data, int limit) {
    if (config.has("task")) {
      throw new WeightsException(checkpoint + ": trained on the task '" + config.get("task").getAsString()
          + "'; qssm eval rebuilds sequential-MNIST test sets only (the run's metrics.csv holds this task's test accuracy)");
    }
    String recorded = config.has("data") ? config.get("data").getAsString() : "bundled";
    Mnist m = data != null ? Mnist.load(data, "t10k")
        : recorded.equals("bundled") ? Mnist.bundled("t10k") : Mnist.load(Path.of(recorded), "t10k");
    m = Trainer.limit(m, limit);
    long perm = config.has("permutation_seed") ? config.get("permutation_seed").getAsLong() : -1;
    int p = config.has("pixels_per_token") ? config.get("pixels_per_token").getAsInt() : 1;
    return new SequentialMnist(m, perm < 0 ? null : perm, p);
  }

  /** Evaluates on {@code set}, {@code batch} examples per forward pass (one backend call each). */
  public Trainer.Evaluation evaluate(SequentialMnist set, int batch, Trainer.Progress progress) {
    return Trainer.evaluate(classifier.module(), set, batch, progress);
  }
}
