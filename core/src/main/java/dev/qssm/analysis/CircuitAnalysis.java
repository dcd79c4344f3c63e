package dev.qssm.analysis;

import dev.qssm.QssmException;
import dev.qssm.backend.Backend;
import dev.qssm.backend.Readout;
import dev.qssm.backend.Task;
import dev.qssm.circuit.AmplitudeEncoding;
import dev.qssm.circuit.Barrier;
import dev.qssm.circuit.Circuit;
import dev.qssm.circuit.GateOperation;
import dev.qssm.circuit.InvalidCircuitException;
import dev.qssm.circuit.Measurement;
import dev.qssm.circuit.PauliString;
import dev.qssm.circuit.Reset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Figures of merit of a parameterised circuit (an ansatz) from Sim, Johnson and Aspuru-Guzik,
 * "Expressibility and entangling capability of parameterized quantum circuits" (2019): {@link
 * #expressibility} and the Meyer-Wallach {@link #entanglingCapability}. The circuit's weights are
 * drawn uniformly from [0, maxAngle) with the options' seed; the circuit starts in |0…0>.
 *
 * <p>Everything runs through the {@link Backend} SPI, so any backend can be analysed (with shots
 * the figures are estimates): a fidelity is the probability of |0…0> after {@code U(a)} then
 * {@code U(b)†}, and the one-qubit purities come from the X, Y, Z expectations of every qubit.
 * All samples go into one task (split only when 2^n amplitudes per row would need too much memory).
 */
public final class CircuitAnalysis {
  // rows × 2^n per call: keeps a statevector backend's batch near 64 MB of amplitudes
  private static final long MAX_AMPLITUDES_PER_CALL = 1L << 22;

  private CircuitAnalysis() {}

  /**
   * @param samples pairs of weight vectors for expressibility, weight vectors for entangling
   *     capability (Sim et al. use 5,000)
   * @param bins fidelity histogram bins on [0, 1] (Sim et al. use 75)
   * @param seed seed of the weight draws: the same seed gives the same figures
   * @param shots 0 for exact values (if the backend can), else shots per sample
   * @param maxAngle weights are drawn uniformly from [0, maxAngle)
   */
  public record Options(int samples, int bins, long seed, int shots, double maxAngle) {
    public Options {
      if (samples < 1) {
        throw new QssmException("circuit analysis needs at least 1 sample, got " + samples);
      }
      if (bins < 1) {
        throw new QssmException("the fidelity histogram needs at least 1 bin, got " + bins);
      }
      if (shots < 0) {
        throw new QssmException("shots must be 0 (exact) or positive, got " + shots);
      }
      if (!(maxAngle > 0) || !Double.isFinite(maxAngle)) {
        throw new QssmException("weights are drawn from [0, maxAngle): maxAngle must be positive and finite, got " + maxAngle);
      }
    }

    /** 5,000 samples, 75 bins (as Sim et al.), seed 0, exact, weights in [0, 2π). */
    public static Options defaults() {
      return new Options(5000, 75, 0, 0, 2 * Math.PI);
    }

    public Options withSamples(int s) {
      return new Options(s, bins, seed, shots, maxAngle);
    }

    public Options withBins(int b) {
      return new Options(samples, b, seed, shots, maxAngle);
    }

    public Options withSeed(long s) {
      return new Options(samples, bins, s, shots, maxAngle);
    }

    public Options withShots(int s) {
      return new Options(samples, bins, seed, s, maxAngle);
    }

    public Options withMaxAngle(double a) {
      return new Options(samples, bins, seed, shots, a);
    }
  }

  /**
   * The weight-only unitary part of {@code circuit}, as the analysis sees it: amplitude encodings,
   * barriers, final measurements and resets of fresh qubits are dropped (so an encoded layer's
   * ansatz starts from |0…0>). Throws when something else would change the state non-unitarily or
   * when a gate angle depends on an input.
   */
  public static Circuit ansatz(Circuit circuit) {
    if (circuit.hasMidCircuitOperations()) {
      throw new InvalidCircuitException(
          "circuit analysis needs a unitary circuit: this one measures or resets qubits mid-circuit"
              + " (or has a conditional); remove those operations first");
    }
    var b = Circuit.builder(circuit.numQubits());
    for (var ins : circuit.instructions()) {
      if (ins instanceof AmplitudeEncoding || ins instanceof Barrier || ins instanceof Measurement || ins instanceof Reset) {
        continue;
      }
      if (ins instanceof GateOperation g) {
        for (var a : g.angles()) {
          var p = a.parameter();
          if (p.isPresent() && !p.get().isWeight()) {
            throw new InvalidCircuitException("circuit analysis samples weights only, but '" + g
                + "' depends on input " + p.get() + "; bind the inputs to constants first");
          }
        }
        b.append(g);
      } else {
        throw new InvalidCircuitException("circuit analysis cannot handle '" + ins + "'");
      }
    }
    // keep the original column order of the weights still used
    var built = b.build();
    var order = circuit.weights().stream().filter(p -> built.parameterIndex(p) >= 0).toList();
    var ordered = Circuit.builder(circuit.numQubits()).declare(order);
    built.instructions().forEach(ordered::append);
    return ordered.build();
  }

  /**
   * Expressibility (Sim et al. eq. 9–14 of the HQC-Mamba paper): {@code options.samples()} pairs of
   * weight vectors, fidelities F = |<ψ(a)|ψ(b)>|² in {@code options.bins()} bins on [0, 1], and
   * D_KL(P_circuit ‖ P_Haar) with P_Haar(F) = (N−1)(1−F)^(N−2), N = 2^n, integrated over each bin.
   * Bins the circuit never reaches contribute 0.
   */
  public static Expressibility expressibility(Backend backend, Circuit circuit, Options options) {
    var u = ansatz(circuit);
    int n = u.numQubits();
    var overlap = Adjoint.overlap(u);
    var oc = overlap.circuit();
    var ws = u.weights();
    int[] colA = new int[ws.size()];
    int[] colB = new int[ws.size()];
    for (int i = 0; i < ws.size(); i++) {
      colA[i] = oc.parameterIndex(ws.get(i));
      colB[i] = oc.parameterIndex(overlap.twin().get(ws.get(i)));
    }
    var rng = new SplittableRandom(options.seed());
    int m = options.samples();
    var rows = new double[m][oc.parameters().size()];
    for (var row : rows) {
      for (int i = 0; i < ws.size(); i++) {
        row[colA[i]] = rng.nextDouble() * options.maxAngle();
        row[colB[i]] = rng.nextDouble() * options.maxAngle();
      }
    }
    var fidelities = new double[m];
    var readout = Readout.probabilities();
    int chunk = rowsPerCall(n, m);
    for (int start = 0; start < m; start += chunk) {
      int end = Math.min(m, start + chunk);
      var values = run(backend, oc, Arrays.copyOfRange(rows, start, end), start, readout, options);
      for (int r = start; r < end; r++) {
        fidelities[r] = values[r - start][0];
      }
    }
    return fromFidelities(fidelities, n, options.bins(), options.seed());
  }

  /**
   * The same estimate for exactly Haar-random states: {@code options.samples()} fidelities drawn
   * from P_Haar itself (F = 1 − U^(1/(N−1)), U uniform). Its KL is the floor that sampling noise
   * alone puts under any circuit's figure with these samples and bins: a circuit whose KL is near
   * it cannot be told from Haar-random at this resolution.
   */
  public static Expressibility haarFloor(int qubits, Options options) {
    if (qubits < 1 || qubits > 62) {
      throw new QssmException("qubits must be in 1..62, got " + qubits);
    }
    var rng = new SplittableRandom(options.seed());
    double e = (double) ((1L << qubits) - 1);
    var f = new double[options.samples()];
    for (int i = 0; i < f.length; i++) {
      f[i] = -Math.expm1(Math.log1p(-rng.nextDouble()) / e); // 1 − U^(1/e), accurate for large e
    }
    return fromFidelities(f, qubits, options.bins(), options.seed());
  }

  /** Expressibility of given fidelities of n-qubit states (the histogram and KL part alone). */
  static Expressibility fromFidelities(double[] fidelities, int n, int bins, long seed) {
    var counts = new long[bins];
    double sum = 0;
    for (double f : fidelities) {
      double c = Math.min(1, Math.max(0, f));
      counts[Math.min(bins - 1, (int) (c * bins))]++;
      sum += c;
    }
    int m = fidelities.length;
    var hist = new double[bins];
    var haar = new double[bins];
    double kl = 0;
    for (int k = 0; k < bins; k++) {
      hist[k] = (double) counts[k] / m;
      double logQ = logHaarBin(n, (double) k / bins, (double) (k + 1) / bins);
      haar[k] = Math.exp(logQ);
      if (counts[k] > 0) {
        kl += hist[k] * (Math.log(hist[k]) - logQ);
      }
    }
    double maxKl = ((1L << n) - 1) * Math.log(bins);
    return new Expressibility(kl, maxKl, hist, haar, sum / m, m, n, seed);
  }

  /**
   * ln ∫_a^b (N−1)(1−F)^(N−2) dF = ln((1−a)^(N−1) − (1−b)^(N−1)), in the log domain so that the
   * bins near F = 1 of a many-qubit circuit (probabilities like 1e-2000) stay finite.
   */
  static double logHaarBin(int n, double a, double b) {
    double e = (double) ((1L << n) - 1);
    double la = Math.log1p(-a);
    if (b >= 1) {
      return e * la;
    }
    double lb = Math.log1p(-b);
    return e * la + Math.log1p(-Math.exp(e * (lb - la)));
  }

  /**
   * Meyer-Wallach entangling capability Q = 2(1 − (1/n) Σ_k Tr ρ_k²), with Tr ρ_k² = (1 + |r_k|²)/2
   * from the Bloch vector r_k = (<X_k>, <Y_k>, <Z_k>); mean and sample standard deviation over
   * {@code options.samples()} weight vectors (a stream independent of the expressibility draws).
   */
  public static EntanglingCapability entanglingCapability(Backend backend, Circuit circuit, Options options) {
    var u = ansatz(circuit);
    int n = u.numQubits();
    var paulis = new ArrayList<PauliString>(3 * n);
    for (int q = 0; q < n; q++) {
      paulis.add(PauliString.of('X', q));
      paulis.add(PauliString.of('Y', q));
      paulis.add(PauliString.of('Z', q));
    }
    var readout = Readout.expectations(paulis);
    var rng = new SplittableRandom(options.seed() ^ 0x5DEECE66DL);
    int m = options.samples();
    int width = u.parameters().size();
    var rows = new double[m][width];
    for (var row : rows) {
      for (int i = 0; i < width; i++) {
        row[i] = rng.nextDouble() * options.maxAngle();
      }
    }
    var qs = new double[m];
    int chunk = rowsPerCall(n, m);
    for (int start = 0; start < m; start += chunk) {
      int end = Math.min(m, start + chunk);
      var values = run(backend, u, Arrays.copyOfRange(rows, start, end), start, readout, options);
      for (int r = start; r < end; r++) {
        var v = values[r - start];
        double bloch = 0;
        for (double x : v) {
          bloch += x * x;
        }
        qs[r] = 1 - bloch / n; // = 2(1 − (1/n) Σ (1 + |r_k|²)/2)
        if (options.shots() == 0) {
          qs[r] = Math.min(1, Math.max(0, qs[r])); // exact: outside [0, 1] is rounding (-1e-16)
        }
      }
    }
    double mean = 0;
    for (double q : qs) {
      mean += q;
    }
    mean /= m;
    double var = 0;
    for (double q : qs) {
      var += (q - mean) * (q - mean);
    }
    double std = m > 1 ? Math.sqrt(var / (m - 1)) : 0;
    return new EntanglingCapability(mean, std, m, n, options.seed());
  }

  private static int rowsPerCall(int n, int m) {
    long perRow = 1L << n;
    return (int) Math.max(1, Math.min(m, MAX_AMPLITUDES_PER_CALL / perRow));
  }

  private static double[][] run(Backend backend, Circuit c, double[][] rows, int first, Readout readout, Options o) {
    var b = Task.builder(c).bindings(rows).readout(readout);
    if (o.shots() > 0) {
      b.shots(o.shots()).seed(o.seed() + first); // each chunk its own shot stream
    }
    return backend.run(List.of(b.build())).get(0).values();
  }
}
