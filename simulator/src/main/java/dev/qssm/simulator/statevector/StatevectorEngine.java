package dev.qssm.simulator.statevector;

import dev.qssm.backend.BackendConfig;
import dev.qssm.backend.BackendUnavailableException;
import dev.qssm.backend.Gradient;
import dev.qssm.backend.Task;
import dev.qssm.simulator.sampling.Sampling;
import java.util.List;
import java.util.Locale;

/**
 * The exact statevector engine behind {@code ExactBackend}: picks a layout per task (rows batched
 * into SIMD lanes for small circuits, one chunked state split across threads for wide ones,
 * branches for mid-circuit operations, a matrix product for amplitude-encoded circuits with shared
 * weights) and computes readouts, samples and adjoint gradients. Options are read from the backend
 * configuration; see {@code ExactBackendProvider} for the list.
 */
public final class StatevectorEngine implements AutoCloseable {

  /** When the amplitude-encoding matrix-product path is used. */
  enum FastPathMode {
    AUTO,
    ALWAYS,
    NEVER
  }

  /** Rows of circuits up to this width are batched into lanes. */
  static final int MAX_BATCH_QUBITS = 12;

  final int threads;
  final int parallelThreshold;
  final int laneQubits;
  final int maxBatch;
  final int maxBranches;
  final int maxQubits;
  final FastPathMode fastPath;
  final Par par;

  public StatevectorEngine(BackendConfig config) {
    threads = positive(config, "threads", Runtime.getRuntime().availableProcessors());
    parallelThreshold = positive(config, "parallelThreshold", 14);
    laneQubits = positive(config, "laneQubits", 10);
    maxBatch = positive(config, "maxBatch", 256);
    maxBranches = positive(config, "maxBranches", 4096);
    maxQubits = maxQubitsOf(config);
    var mode = config.getString("fastPath", "auto").trim().toUpperCase(Locale.ROOT);
    try {
      fastPath = FastPathMode.valueOf(mode);
    } catch (IllegalArgumentException e) {
      throw new BackendUnavailableException(
          "backend option 'fastPath' must be auto, always or never, got '" + config.getString("fastPath", "") + "'");
    }
    par = new Par(threads, 1 << Math.max(0, parallelThreshold - 2));
  }

  private static int positive(BackendConfig config, String key, int fallback) {
    int v = config.getInt(key, fallback);
    if (v < 1) {
      throw new BackendUnavailableException("backend option '" + key + "' must be >= 1, got " + v);
    }
    return v;
  }

  /** The {@code maxQubits} option, or the widest state that fits the heap. */
  public static int maxQubitsOf(BackendConfig config) {
    int v = positive(config, "maxQubits", memoryQubits());
    if (v > 30) {
      throw new BackendUnavailableException("backend option 'maxQubits' must be <= 30, got " + v);
    }
    return v;
  }

  /** The widest state that fits three times (state, adjoint, scratch) in the heap, at most 30. */
  private static int memoryQubits() {
    long max = Runtime.getRuntime().maxMemory();
    int n = 1;
    while (n < 30 && 3 * 16L << (n + 1) <= max) {
      n++;
    }
    return n;
  }

  public int maxQubits() {
    return maxQubits;
  }

  public int threads() {
    return threads;
  }

  /** Exact values ({@code se} null) or shot estimates, and the path taken. */
  public record Values(double[][] values, double[][] standardErrors, String path) {}

  /** Runs one task; {@code seed} is used only when it has shots. */
  public Values run(Task task, long seed) {
    var p = Program.compile(task.circuit());
    var rows = task.bindings();
    int count = task.rows();
    var values = new double[count][];
    var se = task.shots() > 0 ? new double[count][] : null;
    Finisher finish = (row, branches) -> {
      if (task.shots() > 0) {
        var vs = Outcomes.sampled(p, task.readout(), branches, task.shots(), Sampling.rowStream(seed, row));
        values[row] = vs[0];
        se[row] = vs[1];
      } else {
        values[row] = Outcomes.exact(p, task.readout(), branches);
      }
      Evolution.checkFinite(values[row], row);
    };
    String path;
    if (p.midCircuit) {
      path = "branching";
      branching(p, rows, finish);
    } else if (FastPath.applies(this, p, task)) {
      path = "matrix-product";
      FastPath.forward(this, p, task, finish, (row, v) -> {
        values[row] = v;
        Evolution.checkFinite(v, row);
      });
    } else {
      path = "statevector";
      statevector(p, rows, finish);
    }
    return new Values(values, se, path);
  }

  interface Finisher {
    void accept(int row, List<Branch> branches);
  }

  private boolean small(int n) {
    return n < parallelThreshold;
  }

  /** Rows per batch for an {@code n}-qubit circuit with {@code rows} rows (1 = no batching). */
  int batchWidth(int n, int rows) {
    if (rows == 1 || n > MAX_BATCH_QUBITS || !small(n)) {
      return 1;
    }
    int byCache = Math.max(1, (1 << 16) >> n);
    int byThreads = (rows + threads - 1) / threads;
    return Math.max(1, Math.min(Math.min(maxBatch, byCache), byThreads));
  }

  /** Runs {@code body(from, lanes, amps, par)} over the rows in batches or one chunked state at a time. */
  interface RowBody {
    void run(int from, int lanes, Amps amps, Par par);
  }

  void forRows(int n, int rows, RowBody body) {
    if (small(n)) {
      int width = batchWidth(n, rows);
      int jobs = (rows + width - 1) / width;
      par.jobs(jobs, j -> {
        int from = j * width;
        int lanes = Math.min(width, rows - from);
        var amps = lanes > 1 ? Amps.batch(n, lanes) : Amps.chunked(n, laneQubits);
        body.run(from, lanes, amps, Par.SERIAL);
      });
    } else {
      for (int r = 0; r < rows; r++) {
        body.run(r, 1, Amps.chunked(n, laneQubits), par);
      }
    }
  }

  private void statevector(Program p, double[][] rows, Finisher finish) {
    var none = new boolean[p.measQubit.length];
    forRows(p.n, rows.length, (from, lanes, amps, rowPar) -> {
      Evolution.forward(p, amps, rows, from, rowPar);
      for (int x = 0; x < lanes; x++) {
        finish.accept(from + x, List.of(new Branch(1, amps.view(x), none)));
      }
    });
  }

  private void branching(Program p, double[][] rows, Finisher finish) {
    boolean small = small(p.n);
    long budget = Runtime.getRuntime().maxMemory() / 2 / (small ? threads : 1);
    if (small) {
      par.jobs(rows.length, r ->
          finish.accept(r, Evolution.branches(p, rows, r, laneQubits, maxBranches, budget, Par.SERIAL)));
    } else {
      for (int r = 0; r < rows.length; r++) {
        finish.accept(r, Evolution.branches(p, rows, r, laneQubits, maxBranches, budget, par));
      }
    }
  }

  // Forward states kept for the backward pass of the same task: a model runs several layers
  // forward before the first backward, so one slot would leave all but the last layer to recompute
  // (HQC-Mamba: 5 of 6 projections). Soft references, a count and a byte budget bound the memory;
  // a backward pass takes its entry out. Forward passes without a backward pass (evaluation) leave
  // entries behind, so a new entry pushes the oldest out rather than being refused: refusing made
  // every training step after an evaluation recompute its states.
  private static final int MAX_KEPT = 16;
  /** Bytes of kept states (an eighth of the heap); not final so that a test can shrink it. */
  long keptBudget = Runtime.getRuntime().maxMemory() / 8;
  private final Object keptLock = new Object();
  private final java.util.ArrayDeque<java.lang.ref.SoftReference<FastPath.Saved>> kept =
      new java.util.ArrayDeque<>();

  /** Whether a forward pass may keep {@code bytes} of states for the backward pass. */
  boolean mayKeep(long bytes) {
    return bytes <= keptBudget / 2;
  }

  private long keptBytes() {
    synchronized (keptLock) {
      long sum = 0;
      for (var ref : kept) {
        var s = ref.get();
        sum += s == null ? 0 : s.bytes();
      }
      return sum;
    }
  }

  void keep(FastPath.Saved saved) {
    synchronized (keptLock) {
      kept.removeIf(ref -> ref.get() == null);
      kept.addFirst(new java.lang.ref.SoftReference<>(saved));
      while (kept.size() > MAX_KEPT || kept.size() > 1 && keptBytes() > keptBudget) {
        kept.removeLast();
      }
    }
  }

  /** The states kept by a forward pass of this very task (same bindings), taken out; or null. */
  FastPath.Saved kept(Task task) {
    synchronized (keptLock) {
      for (var it = kept.iterator(); it.hasNext();) {
        var s = it.next().get();
        if (s != null && s.task() == task && s.bindings() == task.bindings()) {
          it.remove();
          return s;
        }
      }
      return null;
    }
  }

  /** True when {@link #vjp} computes the task exactly (adjoint); false means parameter shift. */
  public static boolean adjointApplies(Task task) {
    return task.shots() == 0 && !task.circuit().hasMidCircuitOperations();
  }

  /**
   * The gradient of one task by the adjoint method, or by the matrix-product path when it
   * applies; the task must satisfy {@link #adjointApplies}.
   */
  public Gradient vjp(Task task, double[][] cotangents) {
    var p = Program.compile(task.circuit());
    if (FastPath.applies(this, p, task)) {
      return FastPath.vjp(this, p, task, cotangents);
    }
    var rows = task.bindings();
    var out = new double[rows.length][];
    forRows(p.n, rows.length, (from, lanes, amps, rowPar) -> {
      Evolution.forward(p, amps, rows, from, rowPar);
      var g = Evolution.adjoint(p, task.readout(), amps, rows, from, cotangents, rowPar);
      for (int x = 0; x < lanes; x++) {
        out[from + x] = g[x];
      }
    });
    return Gradient.fromRows(task.circuit(), out);
  }

  @Override
  public void close() {
    par.close();
  }
}
