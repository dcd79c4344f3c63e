package dev.qssm.ibm;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.qssm.backend.Backend;
import dev.qssm.backend.BackendConfig;
import dev.qssm.backend.BackendException;
import dev.qssm.backend.BackendUnavailableException;
import dev.qssm.backend.Capabilities;
import dev.qssm.backend.Readout;
import dev.qssm.backend.ResultMetadata;
import dev.qssm.backend.Task;
import dev.qssm.backend.TaskResult;
import dev.qssm.circuit.Gate;
import dev.qssm.transpile.AmplitudeLowering;
import dev.qssm.transpile.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * Runs qssm tasks on IBM Quantum hardware through the Qiskit Runtime REST API (Sampler V2,
 * OpenQASM 3). Every task is transpiled for the device, becomes one PUB (one per group of
 * commuting observables for expectation readouts) and all PUBs of one {@link #run} call go into as
 * few jobs as IBM's limits allow — normally one. See {@code docs/ibm.md} for the options.
 */
public final class IbmBackend implements Backend {
  private static final Logger LOG = Logger.getLogger(IbmBackend.class.getName());
  static final String DEFAULT_API_VERSION = "2026-04-15";
  static final String IAM_URL = "https://iam.cloud.ibm.com/identity/token";
  /** IBM: at most 10 million executions (rows × shots) per Sampler job. */
  static final long MAX_EXECUTIONS_PER_JOB = 10_000_000L;

  private final BackendConfig config;
  private final String device;
  private final Path dryRun;
  private final AtomicInteger dryRunJobs = new AtomicInteger(); // job files written so far
  private final IbmClient.Sleeper sleeper;
  private final Clock clock;
  private final Map<String, String> env;
  private IbmClient client;
  private Target target;

  IbmBackend(BackendConfig config, Map<String, String> env, IbmClient.Sleeper sleeper, Clock clock) {
    this.config = config;
    this.env = env;
    this.sleeper = sleeper;
    this.clock = clock;
    this.dryRun = config.has("dryRun") ? Path.of(config.getString("dryRun", ".")) : null;
    this.device = config.getString("device", null);
    if (device == null && !config.has("configuration")) {
      throw new BackendUnavailableException(
          "backend 'ibm' needs a device: -o device=ibm_fez (or a local configuration file: -o configuration=FILE.json)");
    }
  }

  /** Creates the backend from its options (device, instance, token, apiVersion, dryRun, ...). */
  public static IbmBackend create(BackendConfig config) {
    return new IbmBackend(config, System.getenv(), d -> Thread.sleep(d.toMillis()), Clock.systemUTC());
  }

  @Override
  public String name() {
    return "ibm";
  }

  @Override
  public Capabilities capabilities() {
    return capabilities(config);
  }

  static Capabilities capabilities(BackendConfig config) {
    var gates = EnumSet.allOf(Gate.class);
    return Capabilities.builder().maxQubits(62).exact(false).shots(true).noise(true).midCircuit(true).vjp(false)
        .gates(gates).controlModifiers(true).amplitudeEncoding(true).tolerance(0).build();
  }

  private String deviceName() {
    return device != null ? device : target().name();
  }

  private synchronized IbmClient client() {
    if (client == null) {
      var creds = Credentials.resolve(config, env, Path.of(System.getProperty("user.home")));
      String url = config.getString("url", IbmClient.runtimeUrl(creds.instance()));
      var settings = new IbmClient.Settings(strip(url), config.getString("iamUrl", IAM_URL),
          config.getString("apiVersion", DEFAULT_API_VERSION),
          Duration.ofSeconds(config.getLong("rateLimitWaitSeconds", 12)));
      client = new IbmClient(creds, settings, sleeper, clock);
      LOG.fine(() -> "IBM Quantum client for " + settings.runtimeUrl() + " (credentials from " + creds.source() + ")");
    }
    return client;
  }

  private static String strip(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** The device as a transpiler target: a local configuration file, else fetched from IBM. */
  synchronized Target target() {
    if (target == null) {
      String conf = config.has("configuration") ? read(config.getString("configuration", null)) : null;
      String props = config.has("properties") ? read(config.getString("properties", null)) : null;
      if (conf == null) {
        if (dryRun != null) {
          throw new BackendUnavailableException(
              "--dry-run needs the device configuration locally: -o configuration=FILE.json");
        }
        conf = client().configuration(device).toString();
        if (props == null && config.getBoolean("noiseAware", true)) {
          try {
            props = client().properties(device).toString();
          } catch (BackendException e) {
            LOG.info("no calibration data for " + device + " (" + e.getMessage() + "); using a plain layout");
          }
        }
      }
      target = Target.fromConfiguration(conf, props);
    }
    return target;
  }

  private static String read(String path) {
    try {
      return Files.readString(Path.of(path));
    } catch (IOException e) {
      throw new BackendUnavailableException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  // ---- run ----

  @Override
  public List<TaskResult> run(List<Task> tasks) {
    Instant start = clock.instant();
    var lowered = new ArrayList<Task>();
    for (Task t : tasks) {
      capabilities().check(t, name());
      lowered.add(AmplitudeLowering.lower(t).task());
    }
    int maxShots = config.getInt("maxShots", 100_000);
    for (Task t : lowered) {
      if (t.shots() > maxShots) {
        throw new BackendException("task asks for " + t.shots() + " shots, above the cost guard maxShots=" + maxShots
            + "; raise it with -o maxShots=N if you mean it");
      }
    }
    var tgt = target();
    var pubs = new ArrayList<Pub>();
    for (int i = 0; i < lowered.size(); i++) {
      pubs.addAll(plan(i, lowered.get(i), tgt));
    }
    var jobs = chunk(pubs);
    int maxJobs = config.getInt("maxJobs", 10);
    if (jobs.size() > maxJobs) {
      throw new BackendException("this run needs " + jobs.size() + " jobs, above the cost guard maxJobs=" + maxJobs
          + "; raise it with -o maxJobs=N");
    }
    Long seed = lowered.stream().filter(t -> t.seed().isPresent()).map(t -> t.seed().getAsLong()).findFirst().orElse(null);
    var bodies = new ArrayList<JsonObject>();
    for (var job : jobs) {
      bodies.add(jobBody(job, lowered, seed));
    }
    List<List<long[]>> samples = new ArrayList<>();
    var jobIds = new String[pubs.size()];
    if (dryRun != null) {
      writeDryRun(bodies);
    } else {
      samples = execute(jobs, bodies, jobIds);
    }
    return assemble(lowered, pubs, samples, jobIds, seed, Duration.between(start, clock.instant()));
  }

  /**
   * Transpiled PUBs per circuit and readout, so that a training loop, which sends the same
   * circuits with new bindings every step, transpiles each circuit once. Weak keys: circuits
   * compare by identity and leave the cache when the caller drops them.
   */
  private final Map<dev.qssm.circuit.Circuit, Map<Readout, List<Pub>>> planned = new java.util.WeakHashMap<>();

  private synchronized List<Pub> plan(int index, Task task, Target tgt) {
    var byReadout = planned.computeIfAbsent(task.circuit(), c -> new HashMap<>());
    var known = byReadout.get(task.readout());
    if (known == null) {
      known = Pub.plan(index, task, tgt);
      byReadout.put(task.readout(), known);
    }
    var out = new ArrayList<Pub>();
    for (Pub p : known) {
      out.add(p.forTask(index, task));
    }
    return out;
  }

  /** As few jobs as IBM's limits allow: ≤ 10 M executions and a configurable PUB count per job. */
  private List<List<Pub>> chunk(List<Pub> pubs) {
    int maxPubs = config.getInt("maxPubsPerJob", 1000);
    var jobs = new ArrayList<List<Pub>>();
    var cur = new ArrayList<Pub>();
    long executions = 0;
    for (Pub p : pubs) {
      long e = (long) p.rows * p.shots;
      if (!cur.isEmpty() && (cur.size() >= maxPubs || executions + e > MAX_EXECUTIONS_PER_JOB)) {
        jobs.add(cur);
        cur = new ArrayList<>();
        executions = 0;
      }
      cur.add(p);
      executions += e;
    }
    if (!cur.isEmpty()) {
      jobs.add(cur);
    }
    return jobs;
  }

  JsonObject jobBody(List<Pub> job, List<Task> tasks, Long seed) {
    var params = new JsonObject();
    var arr = new JsonArray();
    for (Pub p : job) {
      arr.add(p.toJson(tasks.get(p.task).bindings()));
    }
    params.add("pubs", arr);
    params.addProperty("version", 2);
    params.addProperty("support_qiskit", false);
    var options = new JsonObject();
    var dd = new JsonObject();
    dd.addProperty("enable", false);
    options.add("dynamical_decoupling", dd);
    if (seed != null) {
      var sim = new JsonObject();
      sim.addProperty("seed_simulator", seed);
      options.add("simulator", sim);
    }
    params.add("options", options);
    var body = new JsonObject();
    body.addProperty("program_id", "sampler");
    body.addProperty("backend", deviceName());
    if (config.has("cost")) {
      body.addProperty("cost", config.getInt("cost", 600));
    }
    if (config.has("tags")) {
      var tags = new JsonArray();
      Arrays.stream(config.getString("tags", "").split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(tags::add);
      body.add("tags", tags);
    }
    body.add("params", params);
    return body;
  }

  private void writeDryRun(List<JsonObject> bodies) {
    var gson = new GsonBuilder().setPrettyPrinting().serializeNulls().create();
    try {
      Files.createDirectories(dryRun);
      if (bodies.size() > 1 && config.getBoolean("batch", true)) {
        var session = new JsonObject();
        session.addProperty("mode", "batch");
        session.addProperty("backend", deviceName());
        session.addProperty("max_ttl", config.getInt("maxTtl", 28800));
        Files.writeString(dryRun.resolve("session.json"), gson.toJson(session) + "\n");
      }
      for (int j = 0; j < bodies.size(); j++) {
        var body = bodies.get(j);
        if (bodies.size() > 1 && config.getBoolean("batch", true)) {
          body.addProperty("session_id", "<id returned by POST /sessions>");
        }
        // numbered on across calls, so a dry run of a training or evaluation loop keeps every job
        Files.writeString(dryRun.resolve(String.format("job-%03d.json", dryRunJobs.incrementAndGet())),
            gson.toJson(body) + "\n");
      }
    } catch (IOException e) {
      throw new BackendException("cannot write the dry run to " + dryRun + ": " + e.getMessage(), e);
    }
    LOG.info("dry run: wrote " + bodies.size() + " POST /jobs bod" + (bodies.size() == 1 ? "y" : "ies") + " to " + dryRun
        + "; nothing was sent");
  }

  private List<List<long[]>> execute(List<List<Pub>> jobs, List<JsonObject> bodies, String[] jobIds) {
    var c = client();
    if (config.getBoolean("checkUsage", true)) {
      checkUsage(c);
    }
    var store = new JobStore(config.has("jobStore") ? Path.of(config.getString("jobStore", ""))
        : Path.of(System.getProperty("user.home"), ".qssm", "ibm-jobs"));
    String session = null;
    if (jobs.size() > 1 && config.getBoolean("batch", true)) {
      session = c.createBatchSession(deviceName(), config.getInt("maxTtl", 28800));
      LOG.info("opened batch session " + session + " for " + jobs.size() + " jobs");
    }
    var keys = new ArrayList<String>();
    var ids = new ArrayList<String>();
    var waiter = new JobWaiter(c, sleeper, config.getBoolean("cancelOnExit", true), config.getDouble("pollMaxSeconds", 5));
    try {
      for (int j = 0; j < bodies.size(); j++) {
        var body = bodies.get(j);
        if (session != null) {
          body.addProperty("session_id", session);
        }
        // the same run sent again has the same keys; identical jobs within one run do not collide
        String key = JobStore.key(body.get("params") + "|" + deviceName() + "|" + j + "/" + bodies.size());
        keys.add(key);
        var known = store.find(key);
        String id;
        if (known.isPresent()) {
          id = known.get();
          LOG.info("reattaching to IBM job " + id + " from an earlier run instead of submitting again");
        } else {
          var resp = c.createJob(body);
          if (!resp.has("id")) {
            throw new IbmException("IBM accepted the job but returned no id", 0, null, null);
          }
          id = resp.get("id").getAsString();
          store.save(key, id, deviceName());
          LOG.info("submitted IBM job " + id + " to " + deviceName() + " (" + jobs.get(j).size() + " PUBs)");
        }
        ids.add(id);
      }
      var out = new ArrayList<List<long[]>>();
      for (int j = 0; j < ids.size(); j++) {
        String text;
        try {
          text = waiter.await(ids.get(j));
        } catch (IbmJobFailedException e) {
          store.remove(keys.get(j)); // failed or cancelled: a rerun must submit afresh
          throw e;
        }
        var regs = new ArrayList<List<dev.qssm.circuit.ClassicalRegister>>();
        jobs.get(j).forEach(p -> regs.add(p.registers()));
        out.addAll(Samples.decode(text, regs));
        store.remove(keys.get(j));
      }
      int k = 0;
      for (int j = 0; j < jobs.size(); j++) {
        for (int p = 0; p < jobs.get(j).size(); p++) {
          jobIds[k++] = ids.get(j);
        }
      }
      return out;
    } finally {
      if (session != null) {
        try {
          c.closeSession(session);
        } catch (BackendException e) {
          LOG.warning("could not close batch session " + session + ": " + e.getMessage());
        }
      }
    }
  }

  private void checkUsage(IbmClient c) {
    JsonObject u;
    try {
      u = c.usage();
    } catch (IbmException e) {
      if (e.httpStatus() == 404) {
        return; // no usage endpoint for this plan: nothing to guard
      }
      throw e;
    }
    boolean reached = u.has("usage_limit_reached") && u.get("usage_limit_reached").isJsonPrimitive()
        && u.get("usage_limit_reached").getAsBoolean();
    double limit = number(u, "usage_allocation_seconds", number(u, "usage_limit_seconds", Double.NaN));
    double used = number(u, "usage_consumed_seconds", 0);
    if (reached || (!Double.isNaN(limit) && used >= limit)) {
      throw new BackendException("the IBM Quantum instance has used its quota (" + used + " of " + limit
          + " s); refusing to submit a job that would fail and still be charged");
    }
  }

  private static double number(JsonObject o, String key, double fallback) {
    return o.has(key) && o.get(key).isJsonPrimitive() && o.get(key).getAsJsonPrimitive().isNumber()
        ? o.get(key).getAsDouble() : fallback;
  }

  private List<TaskResult> assemble(List<Task> tasks, List<Pub> pubs, List<List<long[]>> samples, String[] jobIds,
      Long seed, Duration elapsed) {
    var values = new double[tasks.size()][][];
    var errors = new double[tasks.size()][][];
    var extras = new ArrayList<Map<String, String>>();
    for (int t = 0; t < tasks.size(); t++) {
      var task = tasks.get(t);
      values[t] = new double[task.rows()][task.resultSize()];
      errors[t] = new double[task.rows()][task.resultSize()];
      extras.add(new HashMap<>());
      extras.get(t).put("device", deviceName());
    }
    for (int i = 0; i < pubs.size(); i++) {
      Pub p = pubs.get(i);
      var task = tasks.get(p.task);
      var extra = extras.get(p.task);
      extra.putIfAbsent("qasm", p.isa.qasm());
      extra.putIfAbsent("layout", Arrays.toString(p.isa.transpiled().physicalFinalLayout()));
      extra.putIfAbsent("initialLayout", Arrays.toString(p.isa.transpiled().physicalInitialLayout()));
      if (dryRun != null) {
        extra.put("dryRun", dryRun.toString());
        for (double[] row : values[p.task]) {
          Arrays.fill(row, Double.NaN);
        }
        for (double[] row : errors[p.task]) {
          Arrays.fill(row, Double.NaN);
        }
        continue;
      }
      extra.merge("jobId", jobIds[i], (a, b) -> a.contains(b) ? a : a + "," + b);
      var rows = samples.get(i);
      for (int r = 0; r < task.rows(); r++) {
        long[] shots = rows.get(p.sweeps() ? r : 0);
        Estimates.fill(p, task, shots, values[p.task][r], errors[p.task][r]);
      }
    }
    var out = new ArrayList<TaskResult>();
    for (int t = 0; t < tasks.size(); t++) {
      var md = new ResultMetadata(name(), tasks.get(t).shots(), tasks.get(t).seed().isPresent()
          ? tasks.get(t).seed().getAsLong() : null, elapsed, extras.get(t));
      out.add(new TaskResult(values[t], errors[t], md));
    }
    return out;
  }

  @Override
  public synchronized void close() {
    if (client != null) {
      client.close();
    }
  }

  @Override
  public String toString() {
    return "IbmBackend(" + (device == null ? "local configuration" : device) + ", " + config.masked() + ")";
  }
}
