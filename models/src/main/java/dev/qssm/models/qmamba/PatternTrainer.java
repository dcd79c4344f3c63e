package dev.qssm.models.qmamba;

import com.google.gson.JsonObject;
import dev.qssm.QssmException;
import dev.qssm.backend.Backend;
import dev.qssm.models.train.Checkpoint;
import dev.qssm.optim.Adam;
import dev.qssm.optim.ParamGroup;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The paper's pattern-reproduction task: "zero one two ... nine " looping, character level. Each
 * step trains on {@code batch} windows of {@code window} characters starting at random offsets
 * (teacher forcing: the true next character is always fed), never at a held-out start. Accuracy
 * is greedy next-character accuracy over windows from the held-out starts ({@link #evaluate}).
 */
public final class PatternTrainer {
  public static final String PATTERN = "zero one two three four five six seven eight nine ";

  /** What a step reports. */
  /** Progress of either QMamba task's training. */
  public interface Listener {
    void step(long step, double loss, double seconds);

    void evaluated(long step, double accuracy);
  }

  /**
   * @param minContext train on the predictions made with at least this many characters seen (1: all of
   *     them, the paper's; see {@link QMamba#loss(int[][], int)})
   */
  public record Options(int steps, int batch, int window, double lr, long seed, int evalEvery, int minContext) {
    public Options {
      if (steps < 0 || batch < 1 || window < 2 || !(lr > 0) || evalEvery < 0 || minContext < 1
          || minContext >= window) {
        throw new QssmException("pattern training needs steps >= 0, batch >= 1, window >= 2, lr > 0, eval-every"
            + " >= 0, 1 <= min-context < window; got steps=" + steps + " batch=" + batch + " window=" + window
            + " lr=" + lr + " eval-every=" + evalEvery + " min-context=" + minContext);
      }
    }
  }

  /** Evaluation windows: 12 characters, scored from the 4th prediction on (context >= 4). */
  public static final int EVAL_LENGTH = 12;
  public static final int MIN_CONTEXT = 4;

  private final QMamba model;
  private final TokenCodec codec;
  private final int[] text;

  public PatternTrainer(QMamba model, TokenCodec codec) {
    this.model = model;
    this.codec = codec;
    this.text = codec.encode(PATTERN);
  }

  /** The codec of the pattern task: its 16 characters over k levels and q_in qubits. */
  public static TokenCodec codec(int k, int qIn) {
    return new TokenCodec(TokenCodec.tokenSetOf(PATTERN), k, qIn);
  }

  /** A window of {@code n} pattern characters starting at {@code offset} (wrapping). */
  public int[] window(int offset, int n) {
    var w = new int[n];
    for (int i = 0; i < n; i++) {
      w[i] = text[(offset + i) % text.length];
    }
    return w;
  }

  /**
   * Greedy next-character predictions of windows of {@code length} characters from the given starts.
   *
   * @param accuracy accuracy over predictions made with at least {@code minContext} characters seen
   *     (with 4 characters the pattern's next character is always determined; with 1 only 46% are)
   * @param accuracyAll accuracy over every prediction of every window
   * @param heldOutAccuracy {@code accuracy} restricted to windows from held-out starts (NaN if none)
   * @param confusion {@code confusion[true][predicted]} counts of the predictions behind {@code accuracy}
   */
  public record Evaluation(double accuracy, double accuracyAll, double heldOutAccuracy, int[][] confusion, int length,
      int minContext, int windows) {}

  /** Starts held out of training: every fifth offset of the loop (10 of 50). */
  public static boolean heldOut(int offset) {
    return offset % 5 == 4;
  }

  /** Greedy predictions of windows of {@code length} characters from every held-out start. */
  public Evaluation evaluate(int length, int minContext) {
    var starts = new java.util.ArrayList<Integer>();
    for (int o = 0; o < text.length; o++) {
      if (heldOut(o)) {
        starts.add(o);
      }
    }
    return evaluate(length, minContext, starts.stream().mapToInt(Integer::intValue).toArray());
  }

  public Evaluation evaluate(int length, int minContext, int[] starts) {
    if (length < 2 || minContext < 1 || minContext >= length) {
      throw new QssmException("evaluation needs length >= 2 and 1 <= minContext < length, got length=" + length
          + " minContext=" + minContext);
    }
    var seqs = new int[starts.length][];
    for (int j = 0; j < starts.length; j++) {
      seqs[j] = window(starts[j], length);
    }
    var p = model.forward(seqs).data();
    int qIn = codec.qIn();
    int size = codec.size();
    var confusion = new int[size][size];
    int right = 0, total = 0, rightAll = 0, totalAll = 0, rightHeld = 0, totalHeld = 0;
    for (int r = 0; r < seqs.length; r++) {
      for (int t = 0; t + 1 < length; t++) {
        var probs = new double[qIn];
        System.arraycopy(p, (r * length + t) * qIn, probs, 0, qIn);
        int guess = codec.decode(probs);
        boolean ok = guess == seqs[r][t + 1];
        rightAll += ok ? 1 : 0;
        totalAll++;
        if (t + 1 >= minContext) {
          right += ok ? 1 : 0;
          total++;
          confusion[seqs[r][t + 1]][guess]++;
          if (heldOut(starts[r])) {
            rightHeld += ok ? 1 : 0;
            totalHeld++;
          }
        }
      }
    }
    return new Evaluation((double) right / total, (double) rightAll / totalAll,
        totalHeld == 0 ? Double.NaN : (double) rightHeld / totalHeld, confusion, length, minContext, starts.length);
  }

  /** Greedy next-character accuracy over windows starting at every offset of the loop. */
  public double accuracy(int n) {
    var seqs = new int[text.length][];
    for (int o = 0; o < text.length; o++) {
      seqs[o] = window(o, n);
    }
    var p = model.forward(seqs).data();
    int qIn = codec.qIn();
    int right = 0, total = 0;
    for (int r = 0; r < seqs.length; r++) {
      for (int t = 0; t + 1 < n; t++) {
        var probs = new double[qIn];
        System.arraycopy(p, (r * n + t) * qIn, probs, 0, qIn);
        right += codec.decode(probs) == seqs[r][t + 1] ? 1 : 0;
        total++;
      }
    }
    return (double) right / total;
  }

  /** Trains, checkpointing to {@code out} (if not null) at every evaluation and at the end. */
  public void train(Options o, Path out, JsonObject config, boolean resume, Listener listener) {
    loop(model, o.lr(), o.steps(), o.seed(), o.evalEvery(), out, config, resume, listener, rng -> {
      var seqs = new int[o.batch()][];
      for (int b = 0; b < o.batch(); b++) {
        int from;
        do {
          from = rng.nextInt(text.length);
        } while (heldOut(from));
        seqs[b] = window(from, o.window());
      }
      return model.loss(seqs, o.minContext());
    }, () -> evaluate(EVAL_LENGTH, MIN_CONTEXT).accuracy());
  }

  /**
   * The training loop both QMamba tasks share: Adam, a batch per step that depends on (seed, step)
   * only (so a resumed run repeats an uninterrupted one), evaluation and a checkpoint every
   * {@code evalEvery} steps and at the end.
   */
  static void loop(QMamba model, double lr, long steps, long seed, int evalEvery, Path out, JsonObject config,
      boolean resume, Listener listener, java.util.function.Function<SplittableRandom, dev.qssm.autograd.Tensor> batchLoss,
      java.util.function.DoubleSupplier accuracy) {
    var opt = Adam.adam(List.of(new ParamGroup(model.parameters(), lr, 0)), 0.9, 0.999, 1e-8);
    long start = 0;
    if (resume && out != null) {
      Optional<Checkpoint.State> s = Checkpoint.load(out, model, opt);
      if (s.isPresent()) {
        start = s.get().step();
      }
    }
    for (long step = start + 1; step <= steps; step++) {
      var rng = new SplittableRandom(seed * 1_000_003L + step);
      long t0 = System.nanoTime();
      opt.zeroGrad();
      var loss = batchLoss.apply(rng);
      loss.backward();
      opt.step();
      listener.step(step, loss.item(), (System.nanoTime() - t0) / 1e9);
      if (step == steps || (evalEvery > 0 && step % evalEvery == 0)) {
        listener.evaluated(step, accuracy.getAsDouble());
        if (out != null) {
          Checkpoint.save(out, config, model, opt, step, seed);
        }
      }
    }
  }

  /** The checkpoint's description of model and codec (read back by {@link #configOf}). */
  public static JsonObject describe(QMambaConfig c, TokenCodec codec) {
    var j = new JsonObject();
    j.addProperty("model", "qmamba");
    j.addProperty("task", "pattern");
    j.addProperty("tokens", codec.tokens());
    j.addProperty("k", c.k());
    j.addProperty("q_in", c.qIn());
    j.addProperty("state_qubits", c.stateQubits());
    j.addProperty("layers_a", c.layersA());
    j.addProperty("layers_b", c.layersB());
    j.addProperty("layers_c", c.layersC());
    j.addProperty("layers_delta", c.layersDelta());
    j.addProperty("remap", c.remap());
    return j;
  }

  public static QMambaConfig configOf(JsonObject j) {
    if (!j.has("model") || !j.get("model").getAsString().equals("qmamba")) {
      throw new QssmException("checkpoint is not a qmamba checkpoint (config.json model = "
          + (j.has("model") ? j.get("model").getAsString() : "absent") + ")");
    }
    return new QMambaConfig(j.get("k").getAsInt(), j.get("q_in").getAsInt(), j.get("state_qubits").getAsInt(),
        j.get("layers_a").getAsInt(), j.get("layers_b").getAsInt(), j.get("layers_c").getAsInt(),
        j.get("layers_delta").getAsInt(), j.get("remap").getAsBoolean());
  }

  public static TokenCodec codecOf(JsonObject j) {
    return new TokenCodec(j.get("tokens").getAsString(), j.get("k").getAsInt(), j.get("q_in").getAsInt());
  }

  /**
   * A trained model from {@code dir} (a training output directory holding {@code checkpoint/}, or a
   * checkpoint directory itself) on {@code backend}.
   */
  public static QMamba load(Path dir, Backend backend) {
    var ck = java.nio.file.Files.isDirectory(dir.resolve("checkpoint")) ? dir.resolve("checkpoint") : dir;
    var file = ck.resolve("config.json");
    JsonObject j;
    try {
      j = com.google.gson.JsonParser.parseString(java.nio.file.Files.readString(file)).getAsJsonObject();
    } catch (java.io.IOException | RuntimeException e) {
      throw new QssmException("cannot read " + file + ": " + e.getMessage());
    }
    var model = new QMamba(backend, configOf(j), new SplittableRandom(0)).codec(codecOf(j));
    dev.qssm.models.train.Safetensors.load(ck.resolve("model.safetensors"), model);
    return model;
  }
}
