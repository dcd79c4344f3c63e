package dev.qssm.models.train;

import com.google.gson.JsonObject;
import dev.qssm.autograd.Ops;
import dev.qssm.autograd.Tensor;
import dev.qssm.models.data.Mnist;
import dev.qssm.models.data.SequenceTask;
import dev.qssm.models.data.SequentialMnist;
import dev.qssm.nn.Module;
import dev.qssm.optim.Adam;
import dev.qssm.optim.Clip;
import dev.qssm.optim.LrSchedule;
import dev.qssm.optim.Optimizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.logging.Logger;

/**
 * Trains a sequence classifier on (permuted) sequential MNIST with AdamW, checkpointing as it goes.
 * Writes {@code metrics.csv} (one row per epoch) and, at the end, {@code model.safetensors} to
 * the output directory. Deterministic: a run resumed from a checkpoint ends with the same weights,
 * bit for bit, as an uninterrupted run with the same seed.
 */
public final class Trainer {
  private static final Logger LOG = Logger.getLogger(Trainer.class.getName());
  static final String CSV_HEADER =
      "epoch,step,train_loss,train_accuracy,test_loss,test_accuracy,seconds,tokens_per_second";

  private final TrainOptions o;
  private final Classifier classifier;
  private final Module model;
  private final Optimizer opt;
  private final SequenceTask trainTask;
  private final SequenceTask testTask;
  private final String taskName;

  /** Trains {@code classifier} with AdamW over its own parameter groups on (permuted) sequential MNIST. */
  public Trainer(TrainOptions options, Classifier classifier) {
    this(options, classifier, null, null, null);
  }

  /**
   * Trains on another task ({@code options}' data, permutation and limits are then unused); {@code
   * name} describes it in the checkpoint, so a resumed run must name the same task.
   */
  public Trainer(TrainOptions options, Classifier classifier, SequenceTask train, SequenceTask test, String name) {
    this.o = options;
    this.classifier = classifier;
    this.model = classifier.module();
    this.opt = Adam.adamW(classifier.groups(options.lr(), options.weightDecay()), 0.9, 0.999, 1e-8);
    this.trainTask = train;
    this.testTask = test;
    this.taskName = name;
  }

  public Module model() {
    return model;
  }

  /** Runs to the end; with {@code resume}, first restores the checkpoint in the output directory if there is one. */
  public void run(boolean resume, TrainListener listener) {
    SequenceTask train = trainTask;
    SequenceTask test = testTask;
    if (train == null) {
      var trainSet = limit(o.data() == null ? Mnist.bundled("train") : Mnist.load(o.data(), "train"), o.trainLimit());
      var testSet = limit(o.data() == null ? Mnist.bundled("t10k") : Mnist.load(o.data(), "t10k"), o.testLimit());
      train = new SequentialMnist(trainSet, o.permutationSeed(), o.pixelsPerToken());
      test = new SequentialMnist(testSet, o.permutationSeed(), o.pixelsPerToken());
    }
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
        double[] t = evaluate(model, test, o.batch());
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

  /** Loss and accuracy of {@code model} over {@code set}, {@code batch} examples per forward pass. */
  public static double[] evaluate(Module model, SequenceTask set, int batch) {
    var r = evaluate(model, set, batch, (done, total) -> {});
    return new double[] {r.loss(), r.accuracy()};
  }

  /** The outcome of an evaluation: mean loss, accuracy and every prediction. */
  public record Evaluation(double loss, double accuracy, int[] predicted, int[] labels) {}

  /** Progress of a long evaluation: examples done of total. */
  public interface Progress {
    void update(int done, int total);
  }

  /** Evaluates {@code model} over {@code set}, reporting progress after each batch. */
  public static Evaluation evaluate(Module model, SequenceTask set, int batch, Progress progress) {
    double loss = 0;
    int right = 0;
    var predicted = new int[set.size()];
    var all = new int[set.size()];
    for (int s = 0; s < set.size(); s += batch) {
      var idx = new int[Math.min(batch, set.size() - s)];
      for (int i = 0; i < idx.length; i++) {
        idx[i] = s + i;
      }
      var labels = set.labels(idx);
      var logits = model.forward(set.inputs(idx));
      loss += Ops.crossEntropy(logits, labels).item() * idx.length;
      var p = argmax(logits);
      for (int i = 0; i < idx.length; i++) {
        predicted[s + i] = p[i];
        all[s + i] = labels[i];
        right += p[i] == labels[i] ? 1 : 0;
      }
      progress.update(s + idx.length, set.size());
    }
    return new Evaluation(loss / set.size(), right / (double) set.size(), predicted, all);
  }

  private static int[] argmax(Tensor logits) {
    int c = logits.dim(1);
    var out = new int[logits.dim(0)];
    for (int i = 0; i < out.length; i++) {
      int best = 0;
      for (int j = 1; j < c; j++) {
        if (logits.data()[i * c + j] > logits.data()[i * c + best]) {
          best = j;
        }
      }
      out[i] = best;
    }
    return out;
  }

  private static int correct(Tensor logits, int[] labels) {
    var p = argmax(logits);
    int right = 0;
    for (int i = 0; i < labels.length; i++) {
      right += p[i] == labels[i] ? 1 : 0;
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

  static Mnist limit(Mnist m, int limit) {
    if (limit == 0 || limit >= m.size()) {
      return m;
    }
    return new Mnist(Arrays.copyOf(m.images(), limit * m.pixels()), Arrays.copyOf(m.labels(), limit), m.rows(),
        m.cols());
  }

  // what must agree between a checkpoint and the run resuming it: the architecture and the run's settings
  JsonObject config() {
    var j = classifier.config().deepCopy();
    j.addProperty("pixels_per_token", o.pixelsPerToken());
    j.addProperty("epochs", o.epochs());
    j.addProperty("batch", o.batch());
    j.addProperty("seed", o.seed());
    j.addProperty("lr", o.lr());
    j.addProperty("weight_decay", o.weightDecay());
    j.addProperty("clip", o.clip());
    j.addProperty("train_limit", o.trainLimit());
    j.addProperty("permutation_seed", o.permutationSeed() == null ? -1 : o.permutationSeed());
    j.addProperty("data", o.data() == null ? "bundled" : o.data().toAbsolutePath().toString());
    if (taskName != null) {
      j.addProperty("task", taskName);
    }
    return j;
  }
}
