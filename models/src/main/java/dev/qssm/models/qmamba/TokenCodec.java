package dev.qssm.models.qmamba;

import dev.qssm.QssmException;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * QMamba's token encoding (paper 002, sections 3.1-3.2): token j of a character set is written in
 * base k over {@code qIn} qubits (digit i on qubit i), and qubit i gets {@code R_x(2π n_i / k)}.
 * Decoding compares each output qubit's P(|1>) with the levels {@code n/(k-1)}; the token with the
 * smallest summed discrepancy wins, or with a temperature τ > 0 the discrepancies become sampling
 * weights {@code exp(-δ/τ)}. Tokens are enumerated in the order given and matched naively to
 * digit tuples, as in the paper's appendix.
 */
public final class TokenCodec {
  private final String tokens;
  private final int k;
  private final int qIn;
  private final int[][] digits;

  /**
   * @param tokens the token set, one character per token, no repeats
   * @param k rotation levels per qubit, at least 2
   * @param qIn input (and output) qubits, at least 1; {@code k^qIn} must cover the token set
   */
  public TokenCodec(String tokens, int k, int qIn) {
    if (tokens == null || tokens.isEmpty()) {
      throw new QssmException("a token set needs at least one character");
    }
    if (k < 2) {
      throw new QssmException("k (rotation levels per qubit) must be >= 2, got " + k);
    }
    if (qIn < 1) {
      throw new QssmException("q_in (input qubits) must be >= 1, got " + qIn);
    }
    for (int i = 0; i < tokens.length(); i++) {
      if (tokens.indexOf(tokens.charAt(i)) != i) {
        throw new QssmException("token set repeats '" + tokens.charAt(i) + "'");
      }
    }
    double capacity = Math.pow(k, qIn);
    if (capacity < tokens.length()) {
      throw new QssmException("k^q_in = " + k + "^" + qIn + " = " + (long) capacity + " angle tuples cannot encode "
          + tokens.length() + " tokens; raise k or q_in");
    }
    this.tokens = tokens;
    this.k = k;
    this.qIn = qIn;
    this.digits = new int[tokens.length()][qIn];
    for (int j = 0; j < tokens.length(); j++) {
      int v = j;
      for (int i = 0; i < qIn; i++) {
        digits[j][i] = v % k;
        v /= k;
      }
    }
  }

  /** The distinct characters of {@code text}, in order of first appearance. */
  public static String tokenSetOf(String text) {
    var sb = new StringBuilder();
    text.chars().distinct().forEach(c -> sb.append((char) c));
    return sb.toString();
  }

  public String tokens() {
    return tokens;
  }

  public int size() {
    return tokens.length();
  }

  public int k() {
    return k;
  }

  public int qIn() {
    return qIn;
  }

  /** Token index of {@code c}; throws when {@code c} is not in the token set. */
  public int index(char c) {
    int j = tokens.indexOf(c);
    if (j < 0) {
      throw new QssmException("character '" + c + "' (U+" + String.format("%04X", (int) c)
          + ") is not in the token set \"" + tokens + "\"");
    }
    return j;
  }

  public int[] encode(String text) {
    var out = new int[text.length()];
    for (int i = 0; i < out.length; i++) {
      out[i] = index(text.charAt(i));
    }
    return out;
  }

  public char token(int index) {
    if (index < 0 || index >= tokens.length()) {
      throw new QssmException("token index must be in 0.." + (tokens.length() - 1) + ", got " + index);
    }
    return tokens.charAt(index);
  }

  /** The base-k digits n_i of token {@code index} (qubit i gets R_x(2π n_i/k)). */
  public int[] digits(int index) {
    token(index);
    return digits[index].clone();
  }

  /** The rotation angles 2π n_i / k of token {@code index}. */
  public double[] angles(int index) {
    var d = digits(index);
    return Arrays.stream(d).mapToDouble(n -> 2 * Math.PI * n / k).toArray();
  }

  /** The target P(|1>) per output qubit for token {@code index}: n_i / (k-1). */
  public double[] levels(int index) {
    var d = digits(index);
    return Arrays.stream(d).mapToDouble(n -> (double) n / (k - 1)).toArray();
  }

  /** Summed discrepancy Σ_i |n_i/(k-1) - p_i| of every token (the paper's δ summed over qubits). */
  public double[] discrepancies(double[] p) {
    if (p.length != qIn) {
      throw new QssmException("decoding needs " + qIn + " probabilities (one per output qubit), got " + p.length);
    }
    var d = new double[tokens.length()];
    for (int j = 0; j < d.length; j++) {
      double s = 0;
      for (int i = 0; i < qIn; i++) {
        s += Math.abs((double) digits[j][i] / (k - 1) - p[i]);
      }
      d[j] = s;
    }
    return d;
  }

  /** The token with the smallest summed discrepancy (ties: the first). */
  public int decode(double[] p) {
    var d = discrepancies(p);
    int best = 0;
    for (int j = 1; j < d.length; j++) {
      if (d[j] < d[best]) {
        best = j;
      }
    }
    return best;
  }

  /** Greedy for τ = 0, else a draw with weights exp(-δ_j/τ). */
  public int sample(double[] p, double temperature, RandomGenerator rng) {
    if (!(temperature >= 0) || Double.isInfinite(temperature)) {
      throw new QssmException("temperature must be finite and >= 0, got " + temperature);
    }
    if (temperature == 0) {
      return decode(p);
    }
    var d = discrepancies(p);
    double min = Arrays.stream(d).min().orElse(0);
    var w = new double[d.length];
    double total = 0;
    for (int j = 0; j < d.length; j++) {
      w[j] = Math.exp(-(d[j] - min) / temperature);
      total += w[j];
    }
    double u = rng.nextDouble() * total;
    for (int j = 0; j < w.length; j++) {
      u -= w[j];
      if (u < 0) {
        return j;
      }
    }
    return w.length - 1;
  }
}
