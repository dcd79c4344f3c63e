package dev.qssm.simulator;

import dev.qssm.backend.Backend;
import dev.qssm.backend.BackendConfig;
import dev.qssm.backend.Capabilities;
import dev.qssm.backend.Gradient;
import dev.qssm.backend.ResultMetadata;
import dev.qssm.backend.SeedPolicy;
import dev.qssm.backend.Session;
import dev.qssm.backend.Task;
import dev.qssm.backend.TaskResult;
import dev.qssm.backend.UnsupportedCircuitException;
import dev.qssm.circuit.Conditional;
import dev.qssm.gradient.ParameterShift;
import dev.qssm.simulator.noise.NoiseModel;
import dev.qssm.simulator.statevector.StatevectorEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The exact statevector simulator: analytic readouts, seeded sampling, exact mid-circuit
 * measurement and reset by branching, and adjoint-method gradients. Exact values of circuits with
 * mid-circuit operations come from a noise-free density matrix instead (with its adjoint gradient):
 * branching doubles the work at every measurement, so a QMamba sequence of L tokens would need 4^L
 * branches where the density matrix needs one pass. Create it through {@link
 * ExactBackendProvider} (name {@code "exact"}); options are listed there.
 */
public final class ExactBackend implements Backend {
  static final String NAME = "exact";

  private final StatevectorEngine engine;
  private final Capabilities capabilities;
  private final SeedPolicy seeds;
  private final boolean densityForMidCircuit;
  private NoisyBackend density;

  public ExactBackend(BackendConfig config) {
    this.engine = new StatevectorEngine(config);
    this.capabilities = capabilitiesOf(engine.maxQubits());
    this.seeds = SeedPolicy.of(config);
    var mode = config.getString("midCircuit", "density");
    if (!mode.equals("density") && !mode.equals("branching")) {
      throw new dev.qssm.backend.BackendException("backend 'exact': option midCircuit must be density or branching,"
          + " got '" + mode + "'");
    }
    this.densityForMidCircuit = mode.equals("density");
  }

  /** Exact tasks with mid-circuit measurement or reset, small enough for a density matrix. */
  private boolean viaDensity(Task task) {
    return densityForMidCircuit && task.shots() == 0 && task.circuit().hasMidCircuitOperations()
        && task.circuit().numQubits() <= DENSITY_MAX_QUBITS;
  }

  private static final int DENSITY_MAX_QUBITS = 12;

  private synchronized NoisyBackend density() {
    if (density == null) {
      var options = new com.google.gson.JsonObject();
      options.addProperty("threads", engine.threads());
      density = new NoisyBackend(new BackendConfig("noisy", options), NoiseModel.none());
    }
    return density;
  }

  static Capabilities capabilitiesOf(int maxQubits) {
    return Capabilities.builder()
        .maxQubits(maxQubits)
        .exact(true)
        .shots(true)
        .noise(false)
        .midCircuit(true)
        .vjp(true)
        .controlModifiers(true)
        .amplitudeEncoding(true)
        .tolerance(1e-12)
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

  /** A noise-free density-matrix session (up to 12 qubits). */
  @Override
  public Optional<Session> session(int numQubits) {
    if (numQubits > DENSITY_MAX_QUBITS) {
      return Optional.empty();
    }
    return Optional.of(new DensitySession(NAME, capabilities, numQubits, NoiseModel.none(), false));
  }

  @Override
  public List<TaskResult> run(List<Task> tasks) {
    tasks.forEach(t -> capabilities.check(t, NAME));
    tasks.forEach(ExactBackend::refuseConditionals);
    var out = new ArrayList<TaskResult>(tasks.size());
    for (var task : tasks) {
      long start = System.nanoTime();
      if (viaDensity(task)) {
        var r = density().run(List.of(task)).get(0);
        out.add(new TaskResult(r.values(), r.standardErrors(), new ResultMetadata(NAME, 0, null,
            Duration.ofNanos(System.nanoTime() - start), Map.of("path", "density-matrix"))));
        continue;
      }
      Long seed = seeds.seedFor(task);
      var v = engine.run(task, seed == null ? 0 : seed);
      var meta = new ResultMetadata(NAME, task.shots(), seed, Duration.ofNanos(System.nanoTime() - start),
          Map.of("path", v.path(), "threads", Integer.toString(engine.threads())));
      out.add(new TaskResult(v.values(), v.standardErrors(), meta));
    }
    return out;
  }

  private static void refuseConditionals(Task task) {
    if (task.circuit().instructions().stream().anyMatch(Conditional.class::isInstance)) {
      throw new UnsupportedCircuitException("backend '" + NAME + "': classically conditioned gates (if) are not"
          + " supported; use the density-matrix backend 'noisy'");
    }
  }

  /**
   * Adjoint-method VJP for exact tasks: on the statevector, or on the density matrix for circuits
   * with mid-circuit operations; tasks with shots go to the parameter-shift rule, so estimates
   * never get exact gradients.
   */
  @Override
  public List<Gradient> vjp(List<Task> tasks, List<double[][]> cotangents) {
    checkCotangents(tasks, cotangents);
    tasks.forEach(t -> capabilities.check(t, NAME));
    tasks.forEach(ExactBackend::refuseConditionals);
    var out = new ArrayList<Gradient>(tasks.size());
    var shiftTasks = new ArrayList<Task>();
    var shiftCots = new ArrayList<double[][]>();
    var shiftAt = new ArrayList<Integer>();
    for (int i = 0; i < tasks.size(); i++) {
      var task = tasks.get(i);
      if (StatevectorEngine.adjointApplies(task)) {
        out.add(engine.vjp(task, cotangents.get(i)));
      } else if (viaDensity(task)) {
        out.add(density().vjp(List.of(task), List.<double[][]>of(cotangents.get(i))).get(0));
      } else {
        out.add(null);
        shiftTasks.add(task);
        shiftCots.add(cotangents.get(i));
        shiftAt.add(i);
      }
    }
    if (!shiftTasks.isEmpty()) {
      var shifted = ParameterShift.vjp(this, shiftTasks, shiftCots);
      for (int k = 0; k < shiftAt.size(); k++) {
        out.set(shiftAt.get(k), shifted.get(k));
      }
    }
    return out;
  }

  private static void checkCotangents(List<Task> tasks, List<double[][]> cotangents) {
    if (cotangents.size() != tasks.size()) {
      throw new IllegalArgumentException(
          "vjp needs one cotangent matrix per task: got " + cotangents.size() + " for " + tasks.size() + " task(s)");
    }
    for (int i = 0; i < tasks.size(); i++) {
      var task = tasks.get(i);
      var c = cotangents.get(i);
      if (c == null || c.length != task.rows()) {
        throw new IllegalArgumentException("cotangents of task " + i + " must have " + task.rows()
            + " row(s) (one per binding row), got " + (c == null ? "null" : c.length));
      }
      for (int r = 0; r < c.length; r++) {
        if (c[r] == null || c[r].length != task.resultSize()) {
          throw new IllegalArgumentException("cotangents of task " + i + ", row " + r + " must have "
              + task.resultSize() + " value(s) (the readout size), got " + (c[r] == null ? "null" : c[r].length));
        }
        for (double v : c[r]) {
          if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("cotangents of task " + i + ", row " + r + " contain " + v
                + "; cotangents must be finite");
          }
        }
      }
    }
  }

  @Override
  public void close() {
    engine.close();
    synchronized (this) {
      if (density != null) {
        density.close();
      }
    }
  }

  @Override
  public String toString() {
    return "ExactBackend(threads=" + engine.threads() + ", maxQubits=" + engine.maxQubits() + ")";
  }
}
