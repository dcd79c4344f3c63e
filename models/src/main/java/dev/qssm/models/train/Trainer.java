package dev.qssm.models.train;

import com.google.gson.JsonObject;
import dev.qssm.autograd.Ops;
import dev.qssm.autograd.Tensor;
import dev.qssm.models.data.Mnist;
import dev.qssm.models.data.SequentialMnist;
import dev.qssm.models.mamba.MambaClassifier;
import dev.qssm.models.mamba.MambaConfig;
import dev.qssm.optim.Adam;
import dev.qssm.optim.Clip;
import dev.qssm.optim.LrSchedule;
import dev.qssm.optim.Optimizer;
import dev.qssm.optim.ParamGroup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SplittableRandom;
import java.util.logging.Logger;

/**
 * Trains a Mamba classifier on (permuted) sequential MNIST with AdamW, checkpointing as it goes.
 * Writes {@code metrics.csv} (one row per epoch) and, at the end, {@code model.safetensors} to
 * the output directory. Deterministic: a run resumed from a checkpoint ends with the same weights,
 * bit for bit, as an uninterrupted run with the same seed.
 */
public final class Trainer {
  private static final Logger LOG = Logger.getLogger(Trainer.class.getName());
  static final String CSV_HEADER =
      "epoch,step,train_loss,train_accuracy,test_loss,test_accuracy,seconds,tokens_per_second";

  private final TrainOptions o;
  private final MambaClassifier model;
  private final Optimizer opt;

  private final String modelName;

  public Trainer(TrainOptions options) {
    this.o = options;
    this.model = new MambaClassifier(options.model(), new SplittableRandom(options.seed()));
    this.opt = Adam.adamW(groups(model, options.lr(), options.weightDecay()), 0.9, 0.999, 1e-8);
    this.modelName = "mamba";
  }

  /**
   * Trains a model built elsewhere (e.g. HQC-Mamba) with its own parameter groups; {@code
   * modelName} goes into the checkpoint's config so a resume with another model is refused.
   */
  public Trainer(TrainOptions options, MambaClassifier model, List<ParamGroup> groups, String modelName) {
    this.o = options;
    this.model = model;
    this.opt = Adam.adamW(groups, 0.9, 0.999, 1e-8);
    this.modelName = modelName;
  }

  public MambaClassifier model() {
    return model;
  }

  /**
   * Parameter groups after the HQC-Mamba recipe: in_proj and out_proj at 0.3x the base rate, x_proj
   * at 0.1x, everything else at the base rate (3e-4 / 1e-4 / 3e-4 / 1e-3 with the default 1e-3);
   * weight decay on matrices only (not on A_log, D, norms, biases).
   */
  public static List<ParamGroup> groups(MambaClassifier model, double lr, double wd) {
    var byKey = new LinkedHashMap<String, LinkedHashMap<String, Tensor>>();
    var rates = new LinkedHashMap<String, double[]>();
    model.parameters().forEach((name, t) -> {
      double rate = name.contains(".x_proj.") ? lr / 10 : name.contains(".in_proj.") || name.contains(".out_proj.")
          ? lr * 0.3 : lr;
      boolean decay = t.rank() >= 2 && !name.endsWith("A_log");
      String key = rate + "/" + decay;
      byKey.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(name, t);
      rates.put(key, new double[] {rate, decay ? wd : 0});
    });
    var groups = new ArrayList<ParamGroup>();
    byKey.forEach((k, params) -> groups.add(new ParamGroup(params, rates.get(k)[0], rates.get(k)[1])));
    return groups;
  }

  /** Runs to the end; with {@code resume}, first restores the checkpoint in the output directory if there is one. */
  public void run(boolean resume, TrainListener listener) {
    var trainSet = limit(o.data() == null ? Mnist.bundled("train") : Mnist.load(o.data(), "train"), o.trainLimit());
    var testSet = limit(o.data() == null ? Mnist.bundled("t10k") : Mnist.load(o.data(), "t10k"), o.testLimit());
    var train = new SequentialMnist(trainSet, o.permutationSeed());
    var test = new SequentialMnist(testSet, o.permutationSeed());
    int n = train.size();
    long perEpoch = (n + o.batch() - 1) / o.batch();
    long total = perEpoch * o.epochs();
    var schedule = LrSchedule.warmupCosine(Math.min(100, Math.max(1, total / 10)), total);
    long step = 0;
    var config = config();
    if (resume) {
      var state = Checkpoint.load(o.out(), model, opt);
      if (state.isPresent()) {
        if (!state.get().config().equals(config)) {
          throw new WeightsException(o.out().resolve(Checkpoint.DIR) + "/config.json: checkpoint was written for "
              + state.get().config() + ", this run is " + config);
        }
        step = state.get().step();
        listener.resumed(step);
        LOG.info(() -> "resumed at step " + state.get().step());
      }
    }
    var csv = o.out().resolve("metrics.csv");
    try {
      Files.createDirectories(o.out());
      if (!Files.exists(csv) || step == 0) {
        Files.writeString(csv, CSV_HEADER + "\n");
      }
    } catch (IOException e) {
      throw new WeightsException(csv + ": cannot write: " + e.getMessage(), e);
    }
    double lossSum = 0;
    int correct = 0, seen = 0;
    long tokens = 0;
    long epochStart = System.nanoTime();
    while (step < total) {
      int epoch = (int) (step / perEpoch);
      int b = (int) (step % perEpoch);
      var order = SequentialMnist.epochOrder(n, o.seed(), epoch);
      var idx = Arrays.copyOfRange(order, b * o.batch(), Math.min(n, (b + 1) * o.batch()));
      var labels = train.labels(idx);
      opt.setLrFactor(schedule.factor(step));
      var logits = model.forward(train.inputs(idx));
      var loss = Ops.crossEntropy(logits, labels);
      loss.backward();
      if (o.clip() > 0) {
        Clip.gradNorm(model.parameters().values(), o.clip());
      }
      opt.step();
      opt.zeroGrad();
      step++;
      lossSum += loss.item() * idx.length;
      correct += correct(logits, labels);
      seen += idx.length;
      tokens += (long) idx.length * train.length();
      double secs = (System.nanoTime() - epochStart) / 1e9;
      listener.step(step, total, epoch, lossSum / seen, correct / (double) seen, tokens / secs);
      boolean epochEnd = step % perEpoch == 0;
      if (step % o.checkpointEvery() == 0 || epochEnd) {
        Checkpoint.save(o.out(), config, model, opt, step, o.seed());
      }
      if (epochEnd) {
        double[] t = evaluate(test);
        var r = new TrainListener.EpochResult(epoch + 1, step, lossSum / seen, correct / (double) seen, t[0], t[1],
            secs, tokens / secs);
        appendCsv(csv, r);
        listener.epoch(r);
        lossSum = 0;
        correct = 0;
        seen = 0;
        tokens = 0;
        epochStart = System.nanoTime();
      }
    }
    Safetensors.write(o.out().resolve("model.safetensors"), model.parameters(), false);
  }

  /** Test loss and accuracy. */
  public double[] evaluate(SequentialMnist set) {
    double loss = 0;
    int right = 0;
    for (int s = 0; s < set.size(); s += o.batch()) {
      var idx = new int[Math.min(o.batch(), set.size() - s)];
      for (int i = 0; i < idx.length; i++) {
        idx[i] = s + i;
      }
      var labels = set.labels(idx);
      var logits = model.forward(set.inputs(idx));
      loss += Ops.crossEntropy(logits, labels).item() * idx.length;
      right += correct(logits, labels);
    }
    return new double[] {loss / set.size(), right / (double) set.size()};
  }

  private static int correct(Tensor logits, int[] labels) {
    int c = logits.dim(1), right = 0;
    for (int i = 0; i < labels.length; i++) {
      int best = 0;
      for (int j = 1; j < c; j++) {
        if (logits.data()[i * c + j] > logits.data()[i * c + best]) {
          best = j;
        }
      }
      right += best == labels[i] ? 1 : 0;
    }
    return right;
  }

  private static void appendCsv(java.nio.file.Path csv, TrainListener.EpochResult r) {
    var line = String.format(java.util.Locale.ROOT, "%d,%d,%.6f,%.6f,%.6f,%.6f,%.3f,%.1f%n", r.epoch(), r.step(),
        r.trainLoss(), r.trainAccuracy(), r.testLoss(), r.testAccuracy(), r.seconds(), r.tokensPerSecond());
    try {
      Files.writeString(csv, line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new WeightsException(csv + ": cannot write: " + e.getMessage(), e);
    }
  }

  private static Mnist limit(Mnist m, int limit) {
    if (limit == 0 || limit >= m.size()) {
      return m;
    }
    return new Mnist(Arrays.copyOf(m.images(), limit * m.pixels()), Arrays.copyOf(m.labels(), limit), m.rows(),
        m.cols());
  }

  // what must agree between a checkpoint and the run resuming it
  JsonObject config() {
    MambaConfig c = o.model();
    var j = new JsonObject();
    j.addProperty("model", modelName);
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
    j.addProperty("epochs", o.epochs());
    j.addProperty("batch", o.batch());
    j.addProperty("seed", o.seed());
    j.addProperty("lr", o.lr());
    j.addProperty("weight_decay", o.weightDecay());
    j.addProperty("clip", o.clip());
    j.addProperty("train_limit", o.trainLimit());
    j.addProperty("permutation_seed", o.permutationSeed() == null ? -1 : o.permutationSeed());
    j.addProperty("data", o.data() == null ? "bundled" : o.data().toAbsolutePath().toString());
    return j;
  }
}
