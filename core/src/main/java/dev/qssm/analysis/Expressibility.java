package dev.qssm.analysis;

import java.util.Arrays;

/**
 * Expressibility of a circuit (Sim et al. 2019): the KL divergence of its fidelity distribution
 * from the Haar one, estimated from {@code pairs} sampled pairs of weight vectors. Lower is more
 * expressive; 0 is Haar-random, {@link #maxKl()} = (N−1)·ln(bins) a circuit with one output state.
 *
 * @param kl D_KL(P_circuit ‖ P_Haar) in nats over the bins
 * @param maxKl the value for a fixed output state, (2^n − 1)·ln(bins)
 * @param histogram fraction of fidelities in each bin [k/bins, (k+1)/bins), the last bin closed
 * @param haar the Haar probability of each bin, integrated exactly
 * @param meanFidelity mean sampled fidelity (Haar: 1/2^n)
 * @param pairs number of sampled pairs
 * @param qubits circuit width n
 * @param seed the seed the weights were drawn with
 */
public record Expressibility(
    double kl, double maxKl, double[] histogram, double[] haar, double meanFidelity, int pairs, int qubits, long seed) {

  public Expressibility {
    histogram = histogram.clone();
    haar = haar.clone();
  }

  public int bins() {
    return histogram.length;
  }

  @Override
  public double[] histogram() {
    return histogram.clone();
  }

  @Override
  public double[] haar() {
    return haar.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Expressibility e
        && Double.compare(kl, e.kl) == 0
        && Double.compare(maxKl, e.maxKl) == 0
        && Arrays.equals(histogram, e.histogram)
        && Arrays.equals(haar, e.haar)
        && Double.compare(meanFidelity, e.meanFidelity) == 0
        && pairs == e.pairs
        && qubits == e.qubits
        && seed == e.seed;
  }

  @Override
  public int hashCode() {
    return 31 * Double.hashCode(kl) + Arrays.hashCode(histogram);
  }

  @Override
  public String toString() {
    return String.format("Expressibility(KL=%.5f of max %.3f, %d pairs, %d bins, mean F=%.5f, seed %d)",
        kl, maxKl, pairs, bins(), meanFidelity, seed);
  }
}
