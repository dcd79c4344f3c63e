package dev.qssm.strange;

import dev.qssm.backend.Backend;
import dev.qssm.backend.BackendConfig;
import dev.qssm.backend.BackendUnavailableException;
import dev.qssm.backend.Capabilities;
import dev.qssm.backend.ResultMetadata;
import dev.qssm.backend.SeedPolicy;
import dev.qssm.backend.Task;
import dev.qssm.backend.TaskResult;
import dev.qssm.circuit.Circuit;
import dev.qssm.transpile.AmplitudeLowering;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Runs qssm circuits on the Strange library (org.redfx:strange 0.1.3), a pure-Java simulator that
 * is independent of qssm's own, with its known defects worked around (see {@code docs/strange.md}).
 * Exact values come from Strange's final amplitudes (float32, so about 1e-6 accurate); shots are
 * drawn from them with a seeded RNG. Strange cannot collapse a state, so measurements must be
 * terminal or deferrable; it has no reset, no noise and no classical control. Gradients use the
 * parameter-shift rule. Create it through {@link StrangeBackendProvider} (name {@code "strange"}).
 */
public final class StrangeBackend implements Backend {
  static final String NAME = "strange";
  /** Default widest circuit: a 20-layer circuit takes about a second at 14 qubits, five times more per +2. */
  static final int DEFAULT_MAX_QUBITS = 14;
  /** Strange keeps one boxed float vector per Step: beyond this even a shallow circuit needs gigabytes. */
  static final int HARD_MAX_QUBITS = 24;

  private final Capabilities capabilities;
  private final SeedPolicy seeds;

  public StrangeBackend(BackendConfig config) {
    this.capabilities = capabilitiesOf(maxQubitsOf(config));
    this.seeds = SeedPolicy.of(config);
  }

  static int maxQubitsOf(BackendConfig config) {
    int max = config.getInt("maxQubits", DEFAULT_MAX_QUBITS);
    if (max < 1 || max > HARD_MAX_QUBITS) {
      throw new BackendUnavailableException("backend option 'maxQubits' for strange must be 1.." + HARD_MAX_QUBITS
          + " (Strange keeps every intermediate state; default " + DEFAULT_MAX_QUBITS + "), got " + max);
    }
    return max;
  }

  static Capabilities capabilitiesOf(int maxQubits) {
    return Capabilities.builder()
        .maxQubits(maxQubits)
        .exact(true)
        .shots(true)
        .noise(false)
        .midCircuit(false) // no collapse and no reset in Strange 0.1.3
        .vjp(false)
        .controlModifiers(true) // lowered here
        .amplitudeEncoding(true) // lowered here to ry/cx with per-row angles
        .tolerance(1e-5) // float32 amplitudes
        .build();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Capabilities capabilities() {
    return capabilities;
  }

  @Override
  public List<TaskResult> run(List<Task> tasks) {
    var prepared = new ArrayList<Task>(tasks.size());
    for (Task task : tasks) {
      Circuit deferred = Deferral.rewrite(task.circuit());
      Task t = deferred == task.circuit() ? task : task.withCircuit(deferred);
      capabilities.check(t, NAME);
      prepared.add(t);
    }
    var out = new ArrayList<TaskResult>(tasks.size());
    for (Task task : prepared) {
      out.add(runOne(task));
    }
    return out;
  }

  private TaskResult runOne(Task task) {
    long start = System.nanoTime();
    Long seed = seeds.seedFor(task);
    Task lowered = AmplitudeLowering.lower(task).task();
    Circuit circuit = lowered.circuit();
    int n = circuit.numQubits();
    var values = new double[task.rows()][];
    var errors = task.shots() > 0 ? new double[task.rows()][] : null;
    int steps = 0;
    for (int r = 0; r < task.rows(); r++) {
      var program = Translation.steps(n, Translation.lower(circuit, lowered.bindings()[r]));
      steps = Math.max(steps, program.size());
      double[][] state = StrangeRunner.finalState(n, program);
      if (errors == null) {
        values[r] = Readouts.exact(task.circuit(), task.readout(), state);
      } else {
        var vs = Readouts.sampled(task.circuit(), task.readout(), state, task.shots(), rowRandom(seed, r));
        values[r] = vs[0];
        errors[r] = vs[1];
      }
    }
    var meta = new ResultMetadata(NAME, task.shots(), seed, Duration.ofNanos(System.nanoTime() - start),
        Map.of("library", "org.redfx:strange:0.1.3", "precision", "float32", "steps", Integer.toString(steps)));
    return new TaskResult(values, errors, meta);
  }

  /** Each row its own stream, so a row's shots do not depend on the rows before it. */
  private static SplittableRandom rowRandom(long seed, int row) {
    return new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (row + 1)));
  }

}
