package dev.qssm.backend;

import dev.qssm.circuit.Circuit;
import dev.qssm.circuit.Measurement;
import dev.qssm.testkit.ReferenceBackend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A shots-only test backend: the {@link ReferenceBackend}'s exact distributions, sampled with a
 * seeded RNG. Probabilities, classical bits and marginals come from sampled basis states;
 * expectations from ±1 outcomes drawn per observable, as a device measures each in its own basis.
 * Unseeded tasks draw from an unseeded RNG.
 */
public final class SamplingReferenceBackend implements Backend {

  @Override
  public String name() {
    return "sampling-reference";
  }

  @Override
  public Capabilities capabilities() {
    return Capabilities.builder().maxQubits(12).exact(false).shots(true).build();
  }

  @Override
  public List<TaskResult> run(List<Task> tasks) {
    tasks.forEach(t -> capabilities().check(t, name()));
    var out = new ArrayList<TaskResult>();
    for (var task : tasks) {
      var rng = task.seed().isPresent() ? new SplittableRandom(task.seed().getAsLong()) : new SplittableRandom();
      var values = new double[task.rows()][];
      var errors = new double[task.rows()][];
      for (int r = 0; r < task.rows(); r++) {
        var state = ReferenceBackend.simulate(task.circuit(), task.bindings()[r]);
        values[r] = new double[task.resultSize()];
        errors[r] = new double[task.resultSize()];
        sample(task, state, rng, values[r], errors[r]);
      }
      Long seed = task.seed().isPresent() ? task.seed().getAsLong() : null;
      out.add(new TaskResult(values, errors, ResultMetadata.of(name(), task.shots(), seed, Duration.ZERO)));
    }
    return out;
  }

  private static void sample(Task task, double[][] state, SplittableRandom rng, double[] values, double[] errors) {
    int shots = task.shots();
    var circuit = task.circuit();
    var readout = task.readout();
    if (readout instanceof Readout.Expectations) {
      var exact = ReferenceBackend.read(circuit, readout, state);
      for (int i = 0; i < exact.length; i++) {
        double q = Math.min(1, Math.max(0, (1 + exact[i]) / 2));
        int plus = 0;
        for (int s = 0; s < shots; s++) {
          plus += rng.nextDouble() < q ? 1 : 0;
        }
        double f = (double) plus / shots;
        values[i] = 2 * f - 1;
        errors[i] = 2 * Math.sqrt(f * (1 - f) / shots);
      }
      return;
    }
    var basis = ReferenceBackend.read(circuit, Readout.probabilities(), state);
    var cumulative = new double[basis.length];
    double total = 0;
    for (int i = 0; i < basis.length; i++) {
      total += basis[i];
      cumulative[i] = total;
    }
    // probabilities limited to the first basis states: count all, keep the first
    var counts = new double[readout instanceof Readout.Probabilities p ? p.all().size(circuit) : values.length];
    var ms = circuit.measurements();
    for (int s = 0; s < shots; s++) {
      int i = firstAbove(cumulative, rng.nextDouble() * total);
      if (readout instanceof Readout.Marginals) {
        for (int m = 0; m < ms.size(); m++) {
          counts[m] += (i >> ms.get(m).qubit()) & 1;
        }
      } else {
        counts[outcome(circuit, readout, i)] += 1;
      }
    }
    for (int k = 0; k < values.length; k++) {
      double f = counts[k] / shots;
      values[k] = f;
      errors[k] = Math.sqrt(f * (1 - f) / shots);
    }
  }

  /** The first index whose cumulative probability exceeds u: never an impossible outcome. */
  private static int firstAbove(double[] cumulative, double u) {
    int lo = 0, hi = cumulative.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] > u) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  /** The value index basis state i lands in, for probabilities or classical bits. */
  private static int outcome(Circuit circuit, Readout readout, int i) {
    if (readout instanceof Readout.Probabilities p) {
      var qs = p.qubitsOf(circuit);
      int j = 0;
      for (int b = 0; b < qs.length; b++) {
        j |= ((i >> qs[b]) & 1) << b;
      }
      return j;
    }
    int bits = 0;
    for (Measurement m : circuit.measurements()) { // the last write to a clbit wins
      int bit = (i >> m.qubit()) & 1;
      bits = (bits & ~(1 << m.clbit())) | (bit << m.clbit());
    }
    return bits;
  }
}
