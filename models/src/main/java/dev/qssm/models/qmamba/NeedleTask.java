package dev.qssm.models.qmamba;

import dev.qssm.QssmException;
import dev.qssm.autograd.Ops;
import dev.qssm.autograd.Tensor;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Needle in a haystack (paper 002, section 4): a document of {@code n} haystack tokens in which one
 * position holds the fixed pointer token; the document is followed by the pointer again (the
 * indicator), and the output after that last token must be the token that followed the first
 * pointer. Only that last output is scored; the intermediate ones are discarded.
 */
public final class NeedleTask {
  /** The pointer (and indicator) token; the haystack tokens come before it in the token set. */
  public static final char POINTER = '#';

  private final QMamba model;
  private final TokenCodec codec;
  private final int pointer;
  private final int haystack;

  public NeedleTask(QMamba model, TokenCodec codec) {
    this.model = model;
    this.codec = codec;
    this.pointer = codec.index(POINTER);
    this.haystack = codec.size() - 1;
    if (pointer != haystack) {
      throw new QssmException("the needle task's token set must end with the pointer '" + POINTER + "', got '"
          + codec.tokens() + "'");
    }
    if (haystack < 2) {
      throw new QssmException("the needle task needs at least 2 haystack tokens, got " + haystack);
    }
  }

  /** {@code haystack} letters a, b, c, ... then the pointer, over k levels and q_in qubits. */
  public static TokenCodec codec(int haystack, int k, int qIn) {
    if (haystack < 2 || haystack > 26) {
      throw new QssmException("the needle task needs 2..26 haystack tokens, got " + haystack);
    }
    var sb = new StringBuilder();
    for (int i = 0; i < haystack; i++) {
      sb.append((char) ('a' + i));
    }
    return new TokenCodec(sb.append(POINTER).toString(), k, qIn);
  }

  /** Training and evaluation settings. */
  public record Options(int steps, int batch, int length, double lr, long seed, int evalEvery) {
    public Options {
      if (steps < 0 || batch < 1 || length < 2 || !(lr > 0) || evalEvery < 0) {
        throw new QssmException("needle training needs steps >= 0, batch >= 1, length >= 2, lr > 0, eval-every >= 0;"
            + " got steps=" + steps + " batch=" + batch + " length=" + length + " lr=" + lr);
      }
    }
  }

  /**
   * A document of {@code n} haystack tokens with the pointer at {@code position} (0..n-2), then the
   * indicator: n + 1 tokens; the answer is the token at {@code position + 1}.
   */
  public int[] document(int n, int position, SplittableRandom rng) {
    if (position < 0 || position > n - 2) {
      throw new QssmException("the needle must be at 0.." + (n - 2) + " in a document of " + n + ", got " + position);
    }
    var d = new int[n + 1];
    for (int i = 0; i < n; i++) {
      d[i] = rng.nextInt(haystack);
    }
    d[position] = pointer;
    d[n] = pointer;
    return d;
  }

  /** MSE between the last output of each document and the levels of its answer. */
  public Tensor loss(int[][] docs, int[] answers) {
    var p = model.forward(docs);
    int rows = docs.length;
    int len = docs[0].length;
    int qIn = codec.qIn();
    var target = new double[rows * len * qIn];
    var mask = new double[target.length];
    for (int r = 0; r < rows; r++) {
      var lv = codec.levels(answers[r]);
      for (int i = 0; i < qIn; i++) {
        int at = (r * len + len - 1) * qIn + i;
        target[at] = lv[i];
        mask[at] = 1;
      }
    }
    var diff = Ops.mul(Ops.sub(p, Tensor.of(target, rows, len, qIn)), Tensor.of(mask, rows, len, qIn));
    return Ops.scale(Ops.sum(Ops.mul(diff, diff)), 1.0 / (rows * qIn));
  }

  /** Trains at document length {@code o.length()} (needle anywhere), checkpointing like the pattern task. */
  public void train(Options o, Path out, com.google.gson.JsonObject config, boolean resume,
      PatternTrainer.Listener listener) {
    PatternTrainer.loop(model, o.lr(), o.steps(), o.seed(), o.evalEvery(), out, config, resume, listener, rng -> {
      var docs = new int[o.batch()][];
      var answers = new int[o.batch()];
      for (int b = 0; b < o.batch(); b++) {
        int pos = rng.nextInt(o.length() - 1);
        docs[b] = document(o.length(), pos, rng);
        answers[b] = docs[b][pos + 1];
      }
      return loss(docs, answers);
    }, () -> accuracy(o.length(), 2, o.seed() + 7_777));
  }

  /**
   * Accuracy at document length {@code n} with the needle at every position 0..n-2, {@code repeats}
   * random documents each: {@code [position]} fraction right, from one batched run.
   */
  public double[] accuracyByPosition(int n, int repeats, long seed) {
    var rng = new SplittableRandom(seed * 31 + n);
    int positions = n - 1;
    var docs = new int[positions * repeats][];
    var answers = new int[docs.length];
    for (int p = 0; p < positions; p++) {
      for (int r = 0; r < repeats; r++) {
        docs[p * repeats + r] = document(n, p, rng);
        answers[p * repeats + r] = docs[p * repeats + r][p + 1];
      }
    }
    var out = model.forward(docs).data();
    int qIn = codec.qIn();
    int len = n + 1;
    var acc = new double[positions];
    for (int d = 0; d < docs.length; d++) {
      var probs = new double[qIn];
      System.arraycopy(out, (d * len + len - 1) * qIn, probs, 0, qIn);
      if (codec.decode(probs) == answers[d]) {
        acc[d / repeats] += 1.0 / repeats;
      }
    }
    return acc;
  }

  /** Mean of {@link #accuracyByPosition}. */
  public double accuracy(int n, int repeats, long seed) {
    var a = accuracyByPosition(n, repeats, seed);
    double s = 0;
    for (double v : a) {
      s += v;
    }
    return s / a.length;
  }

  /**
   * The heat map: {@code [length index][position bin]} accuracy for document lengths {@code lengths}
   * with the needle at every position, positions grouped into {@code bins} equal parts of the document.
   */
  public double[][] heatmap(int[] lengths, int bins, int repeats, long seed) {
    var out = new double[lengths.length][bins];
    for (int l = 0; l < lengths.length; l++) {
      var a = accuracyByPosition(lengths[l], repeats, seed);
      var count = new int[bins];
      for (int p = 0; p < a.length; p++) {
        int b = Math.min(bins - 1, p * bins / a.length);
        out[l][b] += a[p];
        count[b]++;
      }
      for (int b = 0; b < bins; b++) {
        out[l][b] = count[b] == 0 ? Double.NaN : out[l][b] / count[b];
      }
    }
    return out;
  }

  public static com.google.gson.JsonObject describe(QMambaConfig c, TokenCodec codec, int length) {
    var j = PatternTrainer.describe(c, codec);
    j.addProperty("task", "needle");
    j.addProperty("train_length", length);
    return j;
  }
}
