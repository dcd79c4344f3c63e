package dev.qssm.simulator.noise;

/**
 * A qubit's measurement confusion: the probability of reading 1 when the qubit was |0>, and of
 * reading 0 when it was |1> (IBM's {@code prob_meas1_prep0} and {@code prob_meas0_prep1}).
 */
public record ReadoutError(double p1Given0, double p0Given1) {
  public static final ReadoutError NONE = new ReadoutError(0, 0);

  public ReadoutError {
    Channel.check("readout.p1Given0 (prob_meas1_prep0)", p1Given0);
    Channel.check("readout.p0Given1 (prob_meas0_prep1)", p0Given1);
    if (p1Given0 + p0Given1 >= 1) {
      throw new NoiseException("readout error p1Given0 + p0Given1 = " + (p1Given0 + p0Given1)
          + " must be < 1, else the bits carry no information and mitigation is impossible");
    }
  }

  /** The same flip probability for both outcomes. */
  public static ReadoutError symmetric(double p) {
    return new ReadoutError(p, p);
  }

  public boolean isNone() {
    return p1Given0 == 0 && p0Given1 == 0;
  }

  /** P(read 1 | true bit). */
  public double pRead1(int trueBit) {
    return trueBit == 0 ? p1Given0 : 1 - p0Given1;
  }
}
