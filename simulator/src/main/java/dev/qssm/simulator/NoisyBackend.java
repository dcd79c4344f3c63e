package dev.qssm.simulator;

import com.google.gson.JsonElement;
import dev.qssm.backend.Backend;
import dev.qssm.backend.BackendConfig;
import dev.qssm.backend.BackendUnavailableException;
import dev.qssm.backend.Capabilities;
import dev.qssm.backend.Gradient;
import dev.qssm.backend.Readout;
import dev.qssm.backend.ResultMetadata;
import dev.qssm.backend.SeedPolicy;
import dev.qssm.backend.Session;
import dev.qssm.backend.Task;
import dev.qssm.backend.TaskResult;
import dev.qssm.backend.UnsupportedCircuitException;
import dev.qssm.gradient.ParameterShift;
import dev.qssm.simulator.density.DensityAdjoint;
import dev.qssm.simulator.density.DensityEngine;
import dev.qssm.simulator.density.TrajectoryEngine;
import dev.qssm.simulator.noise.NoiseException;
import dev.qssm.simulator.noise.NoiseModel;
import dev.qssm.simulator.sampling.Sampling;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The noisy simulator: a density-matrix engine (exact mixed-state evolution, mid-circuit
 * measurement, reset, classically conditioned gates) and a statevector-trajectory engine for wider
 * circuits, both driven by a {@link NoiseModel}. Shots are drawn from seeded streams, one per task
 * and binding row, so results do not depend on the thread count. Exact gradients are reverse-mode
 * through the density matrix ({@link #vjp}); sampled ones use the parameter-shift rule. Create it through {@link NoisyBackendProvider} (name {@code "noisy"}).
 */
public final class NoisyBackend implements Backend {
  static final String NAME = "noisy";

  enum Method { AUTO, DENSITY, TRAJECTORIES }

  private final NoiseModel noise;
  private final Method method;
  private final int densityMaxQubits;
  private final boolean mitigate;
  private final long maxBranchEntries;
  private final int threads;
  private final ExecutorService pool;
  private final Capabilities capabilities;
  private final SeedPolicy seeds;

  public NoisyBackend(BackendConfig config) {
    this(config, noiseOf(config));
  }

  /** A backend with the given noise model (the config's own "noise" option is ignored). */
  public NoisyBackend(BackendConfig config, NoiseModel noise) {
    this.noise = noise;
    this.method = methodOf(config);
    this.densityMaxQubits = config.getInt("densityMaxQubits", 12);
    this.mitigate = config.getBoolean("mitigate", false);
    this.maxBranchEntries = config.getLong("maxBranchEntries", Runtime.getRuntime().maxMemory() / 64);
    this.threads = Math.max(1, config.getInt("threads", Runtime.getRuntime().availableProcessors()));
    this.pool = threads > 1 ? Executors.newFixedThreadPool(threads, r -> {
      var t = new Thread(r, "qssm-noisy");
      t.setDaemon(true);
      return t;
    }) : null;
    this.capabilities = capabilitiesOf(config);
    this.seeds = SeedPolicy.of(config);
  }

  static Capabilities capabilitiesOf(BackendConfig config) {
    var m = methodOf(config);
    int density = config.getInt("densityMaxQubits", 12);
    int widest = m == Method.DENSITY ? density : config.getInt("maxQubits", 24);
    return Capabilities.builder()
        .maxQubits(widest)
        .exact(m != Method.TRAJECTORIES)
        .shots(true)
        .noise(true)
        .midCircuit(true)
        .vjp(m != Method.TRAJECTORIES)
        .controlModifiers(true)
        .amplitudeEncoding(true)
        .tolerance(1e-12)
        .build();
  }

  static Method methodOf(BackendConfig config) {
    String m = config.getString("method", "auto").trim().toLowerCase();
    switch (m) {
      case "auto": return Method.AUTO;
      case "density": case "density_matrix": return Method.DENSITY;
      case "trajectories": case "trajectory": return Method.TRAJECTORIES;
      default: throw new BackendUnavailableException(
          "backend option 'method' must be auto, density or trajectories, got '" + m + "'");
    }
  }

  static NoiseModel noiseOf(BackendConfig config) {
    JsonElement n = config.get("noise");
    if (n == null) {
      return NoiseModel.none();
    }
    try {
      if (n.isJsonPrimitive()) {
        var file = Path.of(n.getAsString());
        var parent = file.toAbsolutePath().getParent();
        return NoiseModel.fromJson(readObject(file), parent);
      }
      return NoiseModel.fromJson(n.getAsJsonObject(), Path.of("."));
    } catch (NoiseException e) {
      throw new BackendUnavailableException("backend option 'noise': " + e.getMessage());
    }
  }

  private static com.google.gson.JsonObject readObject(Path file) {
    try {
      return com.google.gson.JsonParser.parseString(java.nio.file.Files.readString(file)).getAsJsonObject();
    } catch (java.io.IOException | RuntimeException e) {
      throw new NoiseException("cannot read noise file " + file + ": " + e.getMessage());
    }
  }

  public NoiseModel noise() {
    return noise;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Capabilities capabilities() {
    return capabilities;
  }

  /** A density-matrix session with this backend's noise, up to densityMaxQubits. */
  @Override
  public Optional<Session> session(int numQubits) {
    if (method == Method.TRAJECTORIES || numQubits > densityMaxQubits) {
      return Optional.empty();
    }
    return Optional.of(new DensitySession(NAME, capabilities, numQubits, noise, mitigate));
  }

  @Override
  public List<TaskResult> run(List<Task> tasks) {
    tasks.forEach(t -> capabilities.check(t, NAME));
    var out = new ArrayList<TaskResult>(tasks.size());
    for (var task : tasks) {
      long start = System.nanoTime();
      Long seed = seeds.seedFor(task);
      boolean density = useDensity(task);
      var rows = runRows(task, density, seed == null ? 0 : seed);
      var values = new double[rows.length][];
      var se = task.shots() > 0 ? new double[rows.length][] : null;
      for (int r = 0; r < rows.length; r++) {
        values[r] = rows[r][0];
        if (se != null) {
          se[r] = rows[r][1];
        }
      }
      var meta = new ResultMetadata(NAME, task.shots(), seed, Duration.ofNanos(System.nanoTime() - start),
          Map.of("method", density ? "density" : "trajectories", "noise", noise.toString(),
              "mitigated", Boolean.toString(mitigate && noise.hasReadoutError())));
      out.add(new TaskResult(values, se, meta));
    }
    return out;
  }

  private boolean useDensity(Task task) {
    int n = task.circuit().numQubits();
    if (method == Method.TRAJECTORIES) {
      return false;
    }
    if (n <= densityMaxQubits) {
      return true;
    }
    if (method == Method.DENSITY) {
      throw new UnsupportedCircuitException("backend 'noisy': " + n + " qubits exceed densityMaxQubits = "
          + densityMaxQubits + " of the density-matrix method");
    }
    if (task.shots() == 0) {
      throw new UnsupportedCircuitException("backend 'noisy': exact values of a " + n + "-qubit circuit need the"
          + " density matrix (at most densityMaxQubits = " + densityMaxQubits + "); give the task shots to use"
          + " trajectories");
    }
    return false;
  }

  private double[][][] runRows(Task task, boolean density, long seed) {
    int rows = task.rows();
    var out = new double[rows][][];
    // the engines compute whole distributions (mitigation mixes all bins); a limit truncates after
    var readout = full(task.readout());
    if (density) {
      var engine = new DensityEngine(task.circuit(), readout, noise, maxBranchEntries, mitigate);
      forEachRow(rows, r -> out[r] = engine.row(task.bindings()[r], task.shots(), Sampling.rowStream(seed, r)));
    } else {
      var engine = new TrajectoryEngine(task.circuit(), readout, noise, mitigate);
      forEachRow(rows, r -> out[r] = engine.row(task.bindings()[r], task.shots(), Sampling.rowStream(seed, r)));
    }
    if (readout != task.readout()) {
      var pr = (Readout.Probabilities) task.readout();
      for (var row : out) {
        for (int k = 0; k < row.length; k++) {
          if (row[k] != null) {
            row[k] = pr.truncate(row[k]);
          }
        }
      }
    }
    return out;
  }

  /** The readout the engines compute: a limited probabilities readout widened to every basis state. */
  private static Readout full(Readout r) {
    return r instanceof Readout.Probabilities pr ? pr.all() : r;
  }

  private void forEachRow(int rows, java.util.function.IntConsumer body) {
    if (pool == null || rows == 1) {
      for (int r = 0; r < rows; r++) {
        body.accept(r);
      }
      return;
    }
    var futures = new ArrayList<Future<?>>();
    for (int t = 0; t < threads; t++) {
      int first = t;
      futures.add(pool.submit(() -> {
        for (int r = first; r < rows; r += threads) {
          body.accept(r);
        }
      }));
    }
    for (var f : futures) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UnsupportedCircuitException("backend 'noisy': interrupted");
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException re) {
          throw re;
        }
        throw new IllegalStateException(e.getCause());
      }
    }
  }

  /**
   * Exact tasks the density matrix can differentiate (no conditionals, amplitude encoding or
   * classical-bits readout, no readout mitigation) get reverse-mode gradients through the density
   * matrix ({@link DensityAdjoint}: one forward and one backward pass per row, rows in parallel);
   * every other task (shots, trajectories, ...) goes through the parameter-shift rule in one batch.
   */
  @Override
  public List<Gradient> vjp(List<Task> tasks, List<double[][]> cotangents) {
    if (tasks.size() != cotangents.size()) {
      throw new IllegalArgumentException("vjp needs one cotangent matrix per task: " + tasks.size() + " tasks, "
          + cotangents.size() + " cotangents");
    }
    var out = new Gradient[tasks.size()];
    var shiftTasks = new ArrayList<Task>();
    var shiftCots = new ArrayList<double[][]>();
    var shiftAt = new ArrayList<Integer>();
    for (int t = 0; t < tasks.size(); t++) {
      var task = tasks.get(t);
      capabilities.check(task, NAME);
      if (adjointFits(task)) {
        out[t] = adjoint(task, cotangents.get(t));
      } else {
        shiftTasks.add(task);
        shiftCots.add(cotangents.get(t));
        shiftAt.add(t);
      }
    }
    if (!shiftTasks.isEmpty()) {
      var g = ParameterShift.vjp(this, shiftTasks, shiftCots);
      for (int j = 0; j < g.size(); j++) {
        out[shiftAt.get(j)] = g.get(j);
      }
    }
    return List.of(out);
  }

  private boolean adjointFits(Task task) {
    return task.shots() == 0 && useDensity(task) && !(mitigate && noise.hasReadoutError())
        && DensityAdjoint.supports(task.circuit(), task.readout());
  }

  private Gradient adjoint(Task task, double[][] cot) {
    int rows = task.rows();
    if (cot == null || cot.length != rows) {
      throw new IllegalArgumentException("cotangents must have one row per binding row (" + rows + "), got "
          + (cot == null ? "null" : cot.length));
    }
    for (int r = 0; r < rows; r++) {
      if (cot[r] == null || cot[r].length != task.resultSize()) {
        throw new IllegalArgumentException("row " + r + ": cotangents must have one value per readout value ("
            + task.resultSize() + "), got " + (cot[r] == null ? "null" : cot[r].length));
      }
      for (double v : cot[r]) {
        if (!Double.isFinite(v)) {
          throw new IllegalArgumentException("row " + r + ": cotangent is " + v + "; cotangents must be finite");
        }
      }
    }
    // a limited probabilities readout: the full distribution's cotangent is zero past the limit
    var readout = full(task.readout());
    var engine = new DensityAdjoint(task.circuit(), readout, noise);
    var perRow = new double[rows][];
    forEachRow(rows, r -> perRow[r] = engine.row(task.bindings()[r],
        readout == task.readout() ? cot[r] : ((Readout.Probabilities) task.readout()).pad(cot[r], task.circuit())));
    return Gradient.fromRows(task.circuit(), perRow);
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  @Override
  public String toString() {
    return "NoisyBackend(" + noise + ", method=" + method.name().toLowerCase() + ")";
  }
}
