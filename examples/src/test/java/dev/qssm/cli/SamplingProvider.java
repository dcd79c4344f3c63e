package dev.qssm.cli;

import dev.qssm.backend.Backend;
import dev.qssm.backend.BackendConfig;
import dev.qssm.backend.BackendProvider;
import dev.qssm.backend.Capabilities;
import dev.qssm.backend.ResultMetadata;
import dev.qssm.backend.Task;
import dev.qssm.backend.TaskResult;
import dev.qssm.circuit.Gate;
import dev.qssm.testkit.ReferenceBackend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Test-only provider "sampler": reference probabilities, then {@code shots} draws from them with
 * a seeded generator (a fresh seed, reported in the metadata, when the task has none). Says it
 * runs only h, x, cx and ry, so its capabilities differ from the reference's.
 */
public final class SamplingProvider implements BackendProvider {
  static final Capabilities CAPABILITIES = Capabilities.builder().maxQubits(8).midCircuit(false)
      .gates(EnumSet.of(Gate.H, Gate.X, Gate.CX, Gate.RY)).controlModifiers(false).amplitudeEncoding(false).build();

  @Override
  public String name() {
    return "sampler";
  }

  @Override
  public String description() {
    return "Reference statevector sampled with shots (tests only)";
  }

  @Override
  public Capabilities capabilities(BackendConfig config) {
    return CAPABILITIES;
  }

  @Override
  public Backend create(BackendConfig config) {
    return new Sampler();
  }

  static final class Sampler implements Backend {
    private final ReferenceBackend exact = new ReferenceBackend();

    @Override
    public String name() {
      return "sampler";
    }

    @Override
    public Capabilities capabilities() {
      return CAPABILITIES;
    }

    @Override
    public List<TaskResult> run(List<Task> tasks) {
      var out = new ArrayList<TaskResult>();
      for (var task : tasks) {
        CAPABILITIES.check(task, name());
        var probabilities = exact.run(task.toBuilder().shots(0).build()).values();
        if (task.shots() == 0) {
          out.add(new TaskResult(probabilities, null, ResultMetadata.of(name(), 0, null, Duration.ZERO)));
          continue;
        }
        long seed = task.seed().orElse(new SplittableRandom().nextLong());
        var random = new SplittableRandom(seed);
        var values = new double[probabilities.length][];
        var errors = new double[probabilities.length][];
        for (int r = 0; r < values.length; r++) {
          values[r] = sample(probabilities[r], task.shots(), random);
          errors[r] = new double[values[r].length];
          for (int k = 0; k < errors[r].length; k++) {
            errors[r][k] = Math.sqrt(values[r][k] * (1 - values[r][k]) / task.shots());
          }
        }
        out.add(new TaskResult(values, errors, ResultMetadata.of(name(), task.shots(), seed, Duration.ZERO)));
      }
      return out;
    }

    private static double[] sample(double[] p, int shots, SplittableRandom random) {
      var counts = new double[p.length];
      for (int s = 0; s < shots; s++) {
        double u = random.nextDouble();
        int k = 0;
        for (double acc = p[0]; acc <= u && k < p.length - 1; acc += p[++k]) {
          // walk the cumulative distribution
        }
        counts[k]++;
      }
      for (int k = 0; k < counts.length; k++) {
        counts[k] /= shots;
      }
      return counts;
    }
  }
}
