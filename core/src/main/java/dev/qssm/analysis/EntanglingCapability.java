package dev.qssm.analysis;

/**
 * Meyer-Wallach entangling capability: Q = 2(1 − (1/n) Σ_k Tr ρ_k²) of the circuit's output state,
 * averaged over sampled weight vectors. 0 for product states; 1 for GHZ and Bell states.
 *
 * @param mean the average Q
 * @param std the sample standard deviation of Q (0 with one sample)
 * @param samples number of sampled weight vectors
 * @param qubits circuit width n
 * @param seed the seed the weights were drawn with
 */
public record EntanglingCapability(double mean, double std, int samples, int qubits, long seed) {
  @Override
  public String toString() {
    return String.format("EntanglingCapability(Q=%.5f ± %.5f sd, %d samples, seed %d)", mean, std, samples, seed);
  }
}
