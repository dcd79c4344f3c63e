package dev.qssm.ibm;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.qssm.backend.BackendConfig;
import dev.qssm.backend.Readout;
import dev.qssm.backend.Task;
import dev.qssm.qasm.Qasm;
import dev.qssm.simulator.ExactBackend;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * IBM Quantum on a MockWebServer: IAM, backends, usage, sessions and jobs, answering from the
 * reference fixtures. Job creation really samples the submitted PUBs (ISA QASM parsed with
 * {@link Qasm#parse}, physical qubits remapped compactly, simulated exactly, sampled with the
 * seed) and answers in IBM's hex format, so tests exercise the whole encode/decode path.
 */
final class FakeIbm extends Dispatcher implements AutoCloseable {
  static final String KEY = "SECRET-API-KEY-0123456789";
  static final String CRN = "crn:v1:bluemix:public:quantum-computing:us-east:a/0123456789abcdef0123456789abcdef:11111111-2222-3333-4444-555555555555::";

  final MockWebServer server = new MockWebServer();
  /** Every request with its body read once. */
  final List<Recorded> requests = Collections.synchronizedList(new ArrayList<>());
  /** Scripted answers that pre-empt the normal one: "METHOD /path-prefix" → queue of responses. */
  final Map<String, Deque<MockResponse>> scripted = new LinkedHashMap<>();
  /** States a job goes through on successive polls before Completed. */
  List<String> states = List.of("Queued", "Running");
  /** When set, every job ends with this JSON (e.g. the Failed fixture). */
  String finalJob;
  boolean usageReached;
  /** Expire the bearer token right after the next scripted answer (token expiry mid-run). */
  boolean expireTokenOnNextDispatch;
  private int tokens;
  private String validToken;
  private final Map<String, String> results = new HashMap<>();
  private final Map<String, Integer> polls = new HashMap<>();
  private int jobs;

  record Recorded(String method, String path, Map<String, String> headers, String body) {}

  FakeIbm() {
    server.setDispatcher(this);
    try {
      server.start();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static String fixture(String name) {
    try (InputStream in = FakeIbm.class.getResourceAsStream("/ibm/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  String url(String path) {
    String u = server.url(path).toString();
    return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
  }

  /** Options for an IbmBackend talking to this server. */
  Map<String, Object> options(java.nio.file.Path jobStore) {
    var m = new LinkedHashMap<String, Object>();
    m.put("device", "ibm_fez");
    m.put("token", KEY);
    m.put("instance", CRN);
    m.put("url", url("/api/v1"));
    m.put("iamUrl", url("/identity/token"));
    m.put("jobStore", jobStore.toString());
    return m;
  }

  IbmBackend backend(Map<String, Object> options, List<java.time.Duration> sleeps) {
    return new IbmBackend(BackendConfig.of("ibm", options), Map.of(), d -> sleeps.add(d), java.time.Clock.systemUTC());
  }

  void script(String methodAndPrefix, MockResponse... responses) {
    scripted.computeIfAbsent(methodAndPrefix, k -> new ArrayDeque<>()).addAll(List.of(responses));
  }

  /** The bearer token stops working, as at expiry. */
  synchronized void expireToken() {
    validToken = "expired";
  }

  long count(String method, String pathPrefix) {
    synchronized (requests) {
      return requests.stream().filter(r -> r.method.equals(method) && r.path.startsWith(pathPrefix)).count();
    }
  }

  List<Recorded> find(String method, String pathPrefix) {
    synchronized (requests) {
      return requests.stream().filter(r -> r.method.equals(method) && r.path.startsWith(pathPrefix)).toList();
    }
  }

  @Override
  public synchronized MockResponse dispatch(RecordedRequest req) {
    String path = req.getPath();
    String body = req.getBody().readUtf8();
    var headers = new HashMap<String, String>();
    req.getHeaders().forEach(p -> headers.put(p.getFirst().toLowerCase(), p.getSecond()));
    requests.add(new Recorded(req.getMethod(), path, headers, body));
    for (var e : scripted.entrySet()) {
      if ((req.getMethod() + " " + path).startsWith(e.getKey()) && !e.getValue().isEmpty()) {
        if (expireTokenOnNextDispatch) {
          expireTokenOnNextDispatch = false;
          validToken = "expired";
        }
        return e.getValue().poll();
      }
    }
    if (path.startsWith("/identity/token")) {
      if (!body.contains("apikey=" + KEY) || !body.contains("grant_type=urn%3Aibm%3Aparams%3Aoauth%3Agrant-type%3Aapikey")) {
        return json(400, "{\"errorCode\":\"BXNIM0415E\",\"errorMessage\":\"Provided API key could not be found.\"}");
      }
      validToken = "token-" + (++tokens) + "-eyJhbGciOiJSUzI1NiJ9";
      var o = JsonParser.parseString(fixture("iam_token_response.json")).getAsJsonObject();
      o.addProperty("access_token", validToken);
      return json(200, o.toString());
    }
    if (!("Bearer " + validToken).equals(headers.get("authorization"))) {
      return json(401, "{\"errors\":[{\"code\":1200,\"message\":\"Unauthorized\"}],\"trace\":\"t401\"}");
    }
    if (!CRN.equals(headers.get("service-crn"))) {
      return json(404, fixture("error_404_region_mismatch.json"));
    }
    String p = path.substring("/api/v1".length());
    if (p.equals("/backends")) {
      return json(200, fixture("backends_list.json"));
    }
    if (p.equals("/backends/ibm_fez/status")) {
      return json(200, "{\"state\":true,\"status\":\"active\",\"message\":\"available\",\"length_queue\":7,\"backend_version\":\"1.3.37\"}");
    }
    if (p.equals("/backends/ibm_fez/configuration")) {
      return json(200, fixture("fez-configuration.json"));
    }
    if (p.equals("/backends/ibm_fez/properties")) {
      return json(200, fixture("fez-properties.json"));
    }
    if (p.equals("/instances/usage")) {
      return json(200, "{\"instance_id\":\"x\",\"usage_consumed_seconds\":" + (usageReached ? 600 : 12.5)
          + ",\"usage_limit_seconds\":600,\"usage_allocation_seconds\":null,\"usage_limit_reached\":" + usageReached
          + ",\"some_future_field\":{\"a\":[1,2]}}");
    }
    if (p.equals("/sessions") && req.getMethod().equals("POST")) {
      return json(200, fixture("session_create_response_full.json"));
    }
    if (p.startsWith("/sessions/") && req.getMethod().equals("PATCH")) {
      return new MockResponse().setResponseCode(204);
    }
    if (p.equals("/jobs") && req.getMethod().equals("POST")) {
      String id = String.format("d5k3q7m1vhnc73fl%04d", ++jobs);
      results.put(id, sample(JsonParser.parseString(body).getAsJsonObject()));
      return json(200, "{\"id\":\"" + id + "\",\"backend\":\"ibm_fez\",\"unknown_extra\":true}");
    }
    Matcher m = Pattern.compile("/jobs/([0-9a-v]+)(/[a-z_]+)?(\\?.*)?").matcher(p);
    if (m.matches()) {
      String id = m.group(1);
      String sub = m.group(2);
      if (!results.containsKey(id)) {
        return json(404, "{\"errors\":[{\"code\":1291,\"message\":\"Job not found. Job ID: " + id + "\"}],\"trace\":\"t\"}");
      }
      if (sub == null) {
        int n = polls.merge(id, 1, Integer::sum);
        if (n <= states.size()) {
          String s = states.get(n - 1);
          return json(200, "{\"id\":\"" + id + "\",\"backend\":\"ibm_fez\",\"state\":{\"status\":\"" + s + "\"},\"status\":\""
              + s + "\",\"program\":{\"id\":\"sampler\"},\"new_field_2027\":[{\"x\":null}]}");
        }
        if (finalJob != null) {
          return json(200, finalJob);
        }
        var done = JsonParser.parseString(fixture("job_completed.json")).getAsJsonObject();
        done.addProperty("id", id);
        return json(200, done.toString());
      }
      if (sub.equals("/results")) {
        return json(200, results.get(id));
      }
      if (sub.equals("/metrics")) {
        return json(200, "{\"position_in_queue\":3,\"timestamps\":{}}");
      }
      if (sub.equals("/cancel")) {
        return new MockResponse().setResponseCode(204);
      }
    }
    return json(404, "{\"errors\":[{\"code\":1000,\"message\":\"no route " + p + "\"}]}");
  }

  static MockResponse json(int code, String body) {
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(body);
  }

  // ---- the honest part: sample what was submitted ----

  private String sample(JsonObject body) {
    var params = body.getAsJsonObject("params");
    long seed = 42;
    if (params.has("options") && params.getAsJsonObject("options").has("simulator")) {
      seed = params.getAsJsonObject("options").getAsJsonObject("simulator").get("seed_simulator").getAsLong();
    }
    var rnd = new Random(seed);
    var out = new JsonArray();
    for (var pubEl : params.getAsJsonArray("pubs")) {
      var pub = pubEl.getAsJsonArray();
      String qasm = compact(pub.get(0).getAsString());
      var circuit = Qasm.parse(qasm);
      int shots = pub.get(2).getAsInt();
      boolean sweep = pub.get(1).isJsonObject();
      int rows = 1;
      if (sweep) {
        rows = pub.get(1).getAsJsonObject().entrySet().iterator().next().getValue().getAsJsonArray().size();
      }
      var bindings = new double[rows][circuit.parameters().size()];
      for (int c = 0; c < circuit.parameters().size(); c++) {
        var col = pub.get(1).getAsJsonObject().getAsJsonArray(circuit.parameters().get(c).name());
        for (int r = 0; r < rows; r++) {
          bindings[r][c] = col.get(r).getAsDouble();
        }
      }
      var task = Task.builder(circuit).bindings(bindings).readout(Readout.classicalBits()).build();
      double[][] probs;
      boolean dynamic = circuit.instructions().stream().anyMatch(dev.qssm.circuit.Conditional.class::isInstance);
      // the statevector backend refuses classically conditioned gates; the noiseless density matrix runs them
      try (var exact = dynamic ? new dev.qssm.simulator.NoisyBackend(BackendConfig.of("noisy", Map.of("threads", 1)))
          : new ExactBackend(BackendConfig.of("exact"))) {
        probs = exact.run(List.of(task)).get(0).values();
      }
      var data = new JsonObject();
      var regSamples = new HashMap<String, JsonArray>();
      for (var reg : circuit.registers()) {
        regSamples.put(reg.name(), new JsonArray());
      }
      for (int r = 0; r < rows; r++) {
        var perReg = new HashMap<String, JsonArray>();
        circuit.registers().forEach(reg -> perReg.put(reg.name(), new JsonArray()));
        for (int s = 0; s < shots; s++) {
          int outcome = draw(probs[r], rnd);
          for (var reg : circuit.registers()) {
            long v = (outcome >>> reg.offset()) & ((1L << reg.size()) - 1);
            perReg.get(reg.name()).add("0x" + Long.toHexString(v));
          }
        }
        for (var reg : circuit.registers()) {
          if (sweep) {
            regSamples.get(reg.name()).add(perReg.get(reg.name()));
          } else {
            regSamples.put(reg.name(), perReg.get(reg.name()));
          }
        }
      }
      for (var reg : circuit.registers()) {
        var o = new JsonObject();
        o.add("samples", regSamples.get(reg.name()));
        o.addProperty("num_bits", reg.size());
        data.add(reg.name(), o);
      }
      var res = new JsonObject();
      res.add("data", data);
      res.add("metadata", JsonParser.parseString("{\"circuit_metadata\":{},\"unexpected\":1}"));
      out.add(res);
    }
    var root = new JsonObject();
    root.add("results", out);
    root.add("metadata", JsonParser.parseString("{\"execution\":{\"execution_spans\":[]},\"version\":2}"));
    return root.toString();
  }

  private static int draw(double[] p, Random rnd) {
    double u = rnd.nextDouble();
    double acc = 0;
    for (int i = 0; i < p.length; i++) {
      acc += p[i];
      if (u < acc) {
        return i;
      }
    }
    return p.length - 1;
  }

  /** $k physical qubits → $0..$(n-1) in order of first use, so the simulator holds them. */
  static String compact(String qasm) {
    var map = new LinkedHashMap<String, Integer>();
    Matcher m = Pattern.compile("\\$(\\d+)").matcher(qasm);
    var sb = new StringBuilder();
    while (m.find()) {
      int idx = map.computeIfAbsent(m.group(1), k -> map.size());
      m.appendReplacement(sb, Matcher.quoteReplacement("$" + idx));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  @Override
  public void close() throws IOException {
    server.shutdown();
  }
}
