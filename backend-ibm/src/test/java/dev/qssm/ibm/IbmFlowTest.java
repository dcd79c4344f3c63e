package dev.qssm.ibm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.qssm.backend.BackendConfig;
import dev.qssm.backend.BackendException;
import dev.qssm.backend.Readout;
import dev.qssm.backend.Task;
import dev.qssm.backend.TaskResult;
import dev.qssm.circuit.Circuit;
import dev.qssm.circuit.GateOperation;
import dev.qssm.circuit.Gate;
import dev.qssm.circuit.Angle;
import dev.qssm.circuit.ClassicalRegister;
import dev.qssm.circuit.Parameter;
import dev.qssm.circuit.PauliString;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole HTTP flow against a MockWebServer serving the reference fixtures. */
class IbmFlowTest {
  @TempDir Path tmp;
  FakeIbm fake;
  List<Duration> sleeps = new ArrayList<>();

  @BeforeEach
  void start() {
    fake = new FakeIbm();
  }

  @AfterEach
  void stop() throws IOException {
    fake.close();
  }

  private IbmBackend backend() {
    return fake.backend(fake.options(tmp.resolve("jobs")), sleeps);
  }

  private IbmBackend backend(Map<String, Object> extra) {
    var o = fake.options(tmp.resolve("jobs"));
    o.putAll(extra);
    return fake.backend(o, sleeps);
  }

  static Task bell(int shots) {
    return Task.builder(Circuit.builder(2).h(0).cx(0, 1).build()).readout(Readout.probabilities()).shots(shots).seed(3).build();
  }

  @Test
  void tokenConfigurationSubmitQueuedRunningCompletedResults() {
    TaskResult r;
    try (var b = backend()) {
      r = b.run(List.of(bell(400))).get(0);
    }
    var order = fake.requests.stream().map(x -> x.method() + " " + x.path().replaceAll("\\?.*", "")).toList();
    assertEquals("POST /identity/token", order.get(0));
    assertEquals("GET /api/v1/backends/ibm_fez/configuration", order.get(1));
    assertTrue(order.indexOf("POST /api/v1/jobs") > order.indexOf("GET /api/v1/instances/usage"), order.toString());
    assertEquals(1, fake.count("POST", "/api/v1/jobs"), "exactly one job for one task");
    assertEquals(3, fake.count("GET", "/api/v1/jobs/d5k3q7m1vhnc73fl0001?exclude_params=true"), "Queued, Running, Completed");
    assertEquals(1, fake.count("GET", "/api/v1/jobs/d5k3q7m1vhnc73fl0001/results"));
    var p = r.values()[0];
    assertEquals(0, p[1], 0, "a Bell pair never gives 01");
    assertEquals(0, p[2], 0, "a Bell pair never gives 10");
    assertEquals(1, p[0] + p[3], 1e-12);
    assertEquals(0.5, p[0], 5 * 0.5 / Math.sqrt(400));
    assertEquals("d5k3q7m1vhnc73fl0001", r.metadata().extra().get("jobId"));
    assertTrue(r.metadata().extra().get("qasm").startsWith("OPENQASM 3.0;"));
    assertTrue(r.metadata().extra().get("layout").matches("\\[\\d+, \\d+\\]"));
    assertTrue(sleeps.stream().allMatch(d -> d.toMillis() >= 1000 && d.toMillis() <= 5000), "polls back off 1-5 s: " + sleeps);
  }

  @Test
  void dynamicCircuitWithAModifierRunsEndToEnd() {
    // ctrl @ ry puts q1 in 0.5·|1>(sin² 0.6); measuring it conditions an x on q2, so c[1] always equals c[0]
    var c = Circuit.builder(3).classicalRegister("c", 2).h(0)
        .controlled(new int[] {0}, new boolean[] {true}, Gate.RY, List.of(Angle.constant(1.2)), 1)
        .measure(1, 0)
        .conditional(0, true, GateOperation.of(Gate.X, List.of(), 2))
        .measure(2, 1).build();
    var task = Task.builder(c).readout(Readout.classicalBits()).shots(2000).seed(5).build();
    TaskResult r;
    try (var b = backend()) {
      r = b.run(List.of(task)).get(0);
    }
    String qasm = r.metadata().extra().get("qasm");
    assertTrue(qasm.contains("if (c[0]) { x $") && !qasm.contains("ctrl"), qasm);
    var p = r.values()[0];
    double p1 = 0.5 * Math.pow(Math.sin(0.6), 2);
    assertEquals(0, p[1] + p[2], 0, "c[1] follows c[0]");
    assertEquals(p1, p[3], 5 * Math.sqrt(p1 * (1 - p1) / 2000));
  }

  @Test
  void requestBodiesAndHeadersFollowTheSpec() {
    var w = Parameter.weight("w");
    var c = Circuit.builder(1).ry(w, 0).build();
    var task = Task.builder(c).bindings(new double[] {0.0}, new double[] {Math.PI}).readout(Readout.probabilities())
        .shots(64).build();
    try (var b = backend(Map.of("apiVersion", "2025-05-01", "tags", "qssm,test"))) {
      var r = b.run(List.of(task)).get(0);
      assertEquals(1.0, r.values()[0][0], 0, "ry(0)|0> is |0>");
      assertEquals(1.0, r.values()[1][1], 0, "ry(pi)|0> is |1>");
    }
    var post = fake.find("POST", "/api/v1/jobs").get(0);
    assertEquals("Bearer token-1-eyJhbGciOiJSUzI1NiJ9", post.headers().get("authorization"));
    assertEquals(FakeIbm.CRN, post.headers().get("service-crn"));
    assertEquals("2025-05-01", post.headers().get("ibm-api-version"));
    assertTrue(post.headers().get("content-type").startsWith("application/json"));
    assertEquals("application/json", post.headers().get("accept"));
    var body = JsonParser.parseString(post.body()).getAsJsonObject();
    assertEquals("sampler", body.get("program_id").getAsString());
    assertEquals("ibm_fez", body.get("backend").getAsString());
    assertEquals(List.of("qssm", "test"), body.getAsJsonArray("tags").asList().stream().map(x -> x.getAsString()).toList());
    assertFalse(body.has("session_id"), "one job needs no session");
    var params = body.getAsJsonObject("params");
    assertEquals(2, params.get("version").getAsInt());
    assertFalse(params.get("support_qiskit").getAsBoolean());
    JsonArray pub = params.getAsJsonArray("pubs").get(0).getAsJsonArray();
    assertEquals(3, pub.size(), "PUB = [qasm, bindings, shots]");
    String qasm = pub.get(0).getAsString();
    assertTrue(qasm.startsWith("OPENQASM 3.0;\ninclude \"stdgates.inc\";\n"), qasm);
    assertTrue(qasm.contains("input float[64] _p0;"), qasm);
    assertTrue(qasm.matches("(?s).*qssm_out\\[0\\] = measure \\$\\d+;.*"), qasm);
    for (String line : qasm.split("\n")) {
      assertFalse(line.matches("^(h|cx|id|U|u|ry|rx) .*"), "non-ISA gate sent: " + line);
    }
    JsonObject values = pub.get(1).getAsJsonObject();
    assertEquals(2, values.getAsJsonArray("_p0").size(), "one value per binding row");
    assertEquals(64, pub.get(2).getAsInt());
    // every call carries the three headers
    for (var r : fake.requests) {
      if (r.path().startsWith("/api/v1")) {
        assertEquals(FakeIbm.CRN, r.headers().get("service-crn"), r.path());
        assertEquals("2025-05-01", r.headers().get("ibm-api-version"), r.path());
        assertTrue(r.headers().get("authorization").startsWith("Bearer "), r.path());
      }
    }
    var iam = fake.find("POST", "/identity/token").get(0);
    assertTrue(iam.headers().get("content-type").startsWith("application/x-www-form-urlencoded"));
  }

  @Test
  void severalJobsShareABatchSessionAttachedAtTopLevel() {
    var tasks = List.of(bell(100), bell(100), bell(100));
    try (var b = backend(Map.of("maxPubsPerJob", 1))) {
      var rs = b.run(tasks);
      assertEquals(3, rs.size());
    }
    assertEquals(3, fake.count("POST", "/api/v1/jobs"));
    var session = JsonParser.parseString(fake.find("POST", "/api/v1/sessions").get(0).body()).getAsJsonObject();
    assertEquals("batch", session.get("mode").getAsString());
    assertEquals("ibm_fez", session.get("backend").getAsString());
    for (var post : fake.find("POST", "/api/v1/jobs")) {
      var body = JsonParser.parseString(post.body()).getAsJsonObject();
      assertEquals("crw9s7cdbt40008jxesg", body.get("session_id").getAsString());
      assertFalse(body.getAsJsonObject("params").has("session_id"), "session_id belongs at the top level");
    }
    var close = fake.find("PATCH", "/api/v1/sessions/crw9s7cdbt40008jxesg").get(0);
    assertFalse(JsonParser.parseString(close.body()).getAsJsonObject().get("accepting_jobs").getAsBoolean());
  }

  @Test
  void anExpiredTokenIsRenewedOnceAndTheJobIsNotResubmitted() {
    fake.states = new ArrayList<>(List.of("Queued", "Running"));
    fake.script("GET /api/v1/jobs/d5k3q7m1vhnc73fl0001?", FakeIbm.json(200,
        "{\"id\":\"d5k3q7m1vhnc73fl0001\",\"state\":{\"status\":\"Queued\"}}"));
    try (var b = backend()) {
      // expire the token after submission: the next poll gets 401
      fake.script("GET /api/v1/jobs/d5k3q7m1vhnc73fl0001/metrics", expireThen(FakeIbm.json(200, "{}")));
      var r = b.run(List.of(bell(50))).get(0);
      assertEquals(1, r.values()[0][0] + r.values()[0][3], 1e-12);
    }
    assertEquals(2, fake.count("POST", "/identity/token"), "one renewal after the 401");
    assertEquals(1, fake.count("POST", "/api/v1/jobs"), "the job is never submitted twice");
  }

  private MockResponse expireThen(MockResponse r) {
    fake.expireTokenOnNextDispatch = true;
    return r;
  }

  @Test
  void serverErrorsAreRetriedWithBackoff() {
    fake.script("POST /api/v1/jobs", FakeIbm.json(503, "<html>Service Unavailable</html>"));
    fake.script("GET /api/v1/jobs/", FakeIbm.json(500, "{\"errors\":[{\"code\":9999,\"message\":\"oops\"}]}"),
        FakeIbm.json(502, ""));
    fake.script("GET /api/v1/backends/ibm_fez/configuration", FakeIbm.json(520, "{}"));
    try (var b = backend()) {
      var r = b.run(List.of(bell(50))).get(0);
      assertEquals(1, r.values()[0][0] + r.values()[0][3], 1e-12);
    }
    assertEquals(2, fake.count("POST", "/api/v1/jobs"), "503 on POST /jobs is retried (IBM calls it safe)");
    assertTrue(sleeps.contains(Duration.ofMillis(500)) && sleeps.contains(Duration.ofMillis(1000)), sleeps.toString());
  }

  @Test
  void aClientErrorOnSubmitIsNotRetried() {
    fake.script("POST /api/v1/jobs", FakeIbm.json(409,
        "{\"errors\":[{\"code\":1352,\"message\":\"Usage exceeds instance limit\",\"solution\":\"Wait for the next period.\"}],\"trace\":\"abc\"}"));
    try (var b = backend()) {
      var e = assertThrows(IbmException.class, () -> b.run(List.of(bell(50))));
      assertTrue(e.getMessage().contains("Usage exceeds instance limit") && e.getMessage().contains("Wait for the next period")
          && e.getMessage().contains("abc"), e.getMessage());
      assertEquals(409, e.httpStatus());
    }
    assertEquals(1, fake.count("POST", "/api/v1/jobs"));
  }

  @Test
  void rateLimitIsWaitedOut() {
    fake.script("POST /api/v1/jobs", FakeIbm.json(429,
        "{\"errors\":[{\"code\":1202,\"message\":\"Too many job creation requests received: limit is 5 per minute\"}]}"));
    try (var b = backend()) {
      b.run(List.of(bell(50)));
    }
    assertEquals(2, fake.count("POST", "/api/v1/jobs"));
    assertTrue(sleeps.contains(Duration.ofSeconds(12)), "waits 12 s (5 jobs per minute): " + sleeps);
  }

  @Test
  void aFailedJobShowsIbmsReason() {
    fake.finalJob = FakeIbm.fixture("job_failed_non_isa.json");
    try (var b = backend()) {
      var e = assertThrows(IbmJobFailedException.class, () -> b.run(List.of(bell(50))));
      assertTrue(e.getMessage().contains("The instruction h on qubits (0,) is not supported by the target system"), e.getMessage());
      assertTrue(e.getMessage().contains("1517") && e.getMessage().contains("Transpile the circuit"), e.getMessage());
      assertEquals("1517", e.code());
    }
  }

  @Test
  void theUsageGuardRefusesBeforeSubmitting() {
    fake.usageReached = true;
    try (var b = backend()) {
      var e = assertThrows(BackendException.class, () -> b.run(List.of(bell(50))));
      assertTrue(e.getMessage().contains("quota"), e.getMessage());
    }
    assertEquals(0, fake.count("POST", "/api/v1/jobs"));
  }

  @Test
  void costGuardsRefuseTooManyShotsOrJobs() {
    try (var b = backend(Map.of("maxShots", 100))) {
      assertTrue(assertThrows(BackendException.class, () -> b.run(List.of(bell(101)))).getMessage().contains("maxShots"));
    }
    try (var b = backend(Map.of("maxPubsPerJob", 1, "maxJobs", 2))) {
      assertTrue(assertThrows(BackendException.class, () -> b.run(List.of(bell(10), bell(10), bell(10))))
          .getMessage().contains("maxJobs"));
    }
    assertEquals(0, fake.count("POST", "/api/v1/jobs"));
  }

  @Test
  void anInterruptedRunReattachesInsteadOfPayingAgain() {
    fake.script("GET /api/v1/jobs/d5k3q7m1vhnc73fl0001/results", FakeIbm.json(404, "{\"errors\":[{\"message\":\"gone\"}]}"));
    try (var b = backend()) {
      assertThrows(IbmException.class, () -> b.run(List.of(bell(80))));
    }
    try (var b = backend()) {
      var r = b.run(List.of(bell(80))).get(0);
      assertEquals("d5k3q7m1vhnc73fl0001", r.metadata().extra().get("jobId"));
    }
    assertEquals(1, fake.count("POST", "/api/v1/jobs"), "the second run fetched the first job's results");
    try (var b = backend()) {
      b.run(List.of(bell(80)));
    }
    assertEquals(2, fake.count("POST", "/api/v1/jobs"), "once results are read the record is gone");
  }

  @Test
  void dryRunWritesBodiesAndSendsNothing() throws IOException {
    var conf = tmp.resolve("fez.json");
    Files.writeString(conf, FakeIbm.fixture("fez-configuration.json"));
    var dir = tmp.resolve("dry");
    var cfg = BackendConfig.of("ibm", Map.of("configuration", conf.toString(), "dryRun", dir.toString()));
    try (var b = new IbmBackend(cfg, Map.of(), d -> sleeps.add(d), java.time.Clock.systemUTC())) {
      var task = Task.builder(Circuit.builder(2).h(0).cx(0, 1).build())
          .readout(Readout.expectations(PauliString.parse("ZZ"), PauliString.parse("XX"))).shots(100).build();
      var r = b.run(List.of(task)).get(0);
      assertTrue(Double.isNaN(r.values()[0][0]));
      assertEquals(dir.toString(), r.metadata().extra().get("dryRun"));
    }
    var body = JsonParser.parseString(Files.readString(dir.resolve("job-001.json"))).getAsJsonObject();
    assertEquals("ibm_fez", body.get("backend").getAsString());
    assertEquals(2, body.getAsJsonObject("params").getAsJsonArray("pubs").size(), "ZZ and XX need two bases");
    assertFalse(Files.exists(dir.resolve("session.json")), "one job needs no session");
    // several jobs: the session body too, and each job names it at the top level
    var cfg2 = BackendConfig.of("ibm", Map.of("configuration", conf.toString(), "dryRun", dir.resolve("two").toString(),
        "maxPubsPerJob", 1));
    try (var b = new IbmBackend(cfg2, Map.of(), d -> sleeps.add(d), java.time.Clock.systemUTC())) {
      b.run(List.of(bell(10), bell(20)));
    }
    var session = JsonParser.parseString(Files.readString(dir.resolve("two/session.json"))).getAsJsonObject();
    assertEquals("batch", session.get("mode").getAsString());
    assertTrue(JsonParser.parseString(Files.readString(dir.resolve("two/job-002.json"))).getAsJsonObject().has("session_id"));
    assertEquals(0, fake.requests.size());
  }

  @Test
  void expectationsComeFromSamples() {
    var task = Task.builder(Circuit.builder(2).h(0).cx(0, 1).build())
        .readout(Readout.expectations(PauliString.parse("ZZ"), PauliString.parse("XX"), PauliString.parse("ZI")))
        .shots(500).seed(1).build();
    try (var b = backend()) {
      var r = b.run(List.of(task)).get(0);
      assertEquals(1, r.values()[0][0], 0, "<ZZ> = 1 on a Bell pair, every shot");
      assertEquals(1, r.values()[0][1], 0, "<XX> = 1 on a Bell pair, every shot");
      assertEquals(0, r.values()[0][2], 5 / Math.sqrt(500));
    }
    var pubs = JsonParser.parseString(fake.find("POST", "/api/v1/jobs").get(0).body()).getAsJsonObject()
        .getAsJsonObject("params").getAsJsonArray("pubs");
    assertEquals(2, pubs.size(), "ZZ and ZI share a basis; XX needs another");
  }

  @Test
  void fixtureSamplesDecodeFlatAndNested() {
    var regs = List.of(List.of(new ClassicalRegister("c", 2, 0)));
    var flat = Samples.decode(FakeIbm.fixture("results_sampler_single_pub_confirmed_shape.json"), regs);
    assertEquals(1, flat.get(0).size());
    long[] shots = flat.get(0).get(0);
    assertEquals(8, shots.length);
    assertEquals(3, shots[1]);
    var nested = Samples.decode(FakeIbm.fixture("results_sampler_two_bindings_UNCONFIRMED_nesting.json"), regs);
    assertEquals(2, nested.get(0).size());
    // binding 0: {"00": 7, "10": 1}; binding 1: {"11": 7, "01": 1}
    assertEquals(7, java.util.Arrays.stream(nested.get(0).get(0)).filter(v -> v == 0).count());
    assertEquals(1, java.util.Arrays.stream(nested.get(0).get(0)).filter(v -> v == 2).count());
    assertEquals(7, java.util.Arrays.stream(nested.get(0).get(1)).filter(v -> v == 3).count());
    assertEquals(1, java.util.Arrays.stream(nested.get(0).get(1)).filter(v -> v == 1).count());
  }

  @Test
  void malformedAndOlderErrorShapesStillGiveAMessage() {
    var html = IbmClient.error("GET /x", 502, "<html><body>Bad Gateway</body></html>");
    assertTrue(html.getMessage().contains("HTTP 502") && html.getMessage().contains("Bad Gateway"), html.getMessage());
    var region = IbmClient.error("GET /backends", 404, FakeIbm.fixture("error_404_region_mismatch.json"));
    assertTrue(region.getMessage().contains("(code 1279)") && region.getMessage().contains("Verify the instance CRN"),
        region.getMessage());
    var old = IbmClient.error("GET /x", 400, "{\"error\":{\"message\":\"bad input\",\"code\":\"E1\"},\"extra\":[1]}");
    assertTrue(old.getMessage().contains("bad input") && "E1".equals(old.code()), old.getMessage());
    var empty = IbmClient.error("GET /x", 500, "");
    assertTrue(empty.getMessage().contains("HTTP 500"), empty.getMessage());
  }

  @Test
  void backendListAndConfigurationAreRead() {
    try (var b = backend()) {
      assertEquals("ibm_fez", b.target().name());
      assertEquals(156, b.target().numQubits());
    }
    assertEquals(1, fake.count("GET", "/api/v1/backends/ibm_fez/properties"), "calibration data for a noise-aware layout");
    var creds = new Credentials(FakeIbm.KEY, FakeIbm.CRN, "test");
    var settings = new IbmClient.Settings(fake.url("/api/v1"), fake.url("/identity/token"), "2026-04-15", Duration.ofSeconds(12));
    try (var client = new IbmClient(creds, settings, d -> sleeps.add(d), java.time.Clock.systemUTC())) {
      var devices = client.backends().getAsJsonArray("devices");
      assertEquals("ibm_fez", devices.get(0).getAsJsonObject().get("name").getAsString());
      assertEquals(true, client.status("ibm_fez").get("state").getAsBoolean());
      fake.script("POST /api/v1/jobs/d5k3q7m1vhnc73fl0009/cancel", FakeIbm.json(409,
          "{\"errors\":[{\"code\":1216,\"message\":\"Job cannot be cancelled\"}]}"));
      assertFalse(client.cancel("d5k3q7m1vhnc73fl0009"), "409: no longer cancellable");
      assertEquals(404, assertThrows(IbmException.class, () -> client.cancel("d5k3q7m1vhnc73fl0009")).httpStatus());
    }
  }

  @Test
  void anInterruptWhileWaitingCancelsTheJob() {
    var o = fake.options(tmp.resolve("jobs"));
    var b = new IbmBackend(BackendConfig.of("ibm", o), Map.of(), d -> {
      throw new InterruptedException("Ctrl-C");
    }, java.time.Clock.systemUTC());
    try (b) {
      var e = assertThrows(IbmException.class, () -> b.run(List.of(bell(10))));
      assertTrue(e.getMessage().contains("cancelled"), e.getMessage());
    } finally {
      Thread.interrupted(); // clear the flag the backend restored
    }
    assertEquals(1, fake.count("POST", "/api/v1/jobs/d5k3q7m1vhnc73fl0001/cancel"));
  }

  @Test
  void aCircuitIsTranspiledOnceAcrossRuns() {
    var w = Parameter.weight("w");
    var c = Circuit.builder(1).ry(w, 0).build();
    try (var b = backend()) {
      var first = b.run(List.of(Task.builder(c).bindings(new double[] {0.0}).readout(Readout.probabilities()).shots(20).build()));
      var second = b.run(List.of(Task.builder(c).bindings(new double[] {Math.PI}, new double[] {0.0})
          .readout(Readout.probabilities()).shots(30).build()));
      assertEquals(first.get(0).metadata().extra().get("qasm"), second.get(0).metadata().extra().get("qasm"));
      assertEquals(1.0, first.get(0).values()[0][0], 0);
      assertEquals(1.0, second.get(0).values()[0][1], 0, "new bindings are used");
      assertEquals(1.0, second.get(0).values()[1][0], 0);
    }
    var pub = JsonParser.parseString(fake.find("POST", "/api/v1/jobs").get(1).body()).getAsJsonObject()
        .getAsJsonObject("params").getAsJsonArray("pubs").get(0).getAsJsonArray();
    assertEquals(30, pub.get(2).getAsInt(), "new shots are used");
  }

  @Test
  void regionComesFromTheCrn() {
    assertEquals("https://quantum.cloud.ibm.com/api/v1", IbmClient.runtimeUrl(FakeIbm.CRN));
    assertEquals("https://eu-de.quantum.cloud.ibm.com/api/v1",
        IbmClient.runtimeUrl("crn:v1:bluemix:public:quantum-computing:eu-de:a/abc:def::"));
    assertNull(IbmClient.str(new JsonObject(), "x"));
  }
}
