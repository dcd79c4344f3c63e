package dev.qssm.ibm;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qssm.backend.BackendConfig;
import dev.qssm.backend.Readout;
import dev.qssm.backend.Task;
import dev.qssm.circuit.Circuit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Neither the API key nor the bearer token appears in any log line, exception message or toString. */
class SecretsTest {
  @TempDir Path tmp;

  @Test
  void noSecretInLogsExceptionsOrToString() throws IOException {
    var lines = new ArrayList<String>();
    Handler h = new Handler() {
      @Override
      public void publish(LogRecord r) {
        lines.add(r.getMessage() + " " + (r.getThrown() == null ? "" : r.getThrown()));
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Logger root = Logger.getLogger("dev.qssm");
    Level before = root.getLevel();
    root.setLevel(Level.ALL);
    root.addHandler(h);
    var texts = new ArrayList<String>();
    try (var fake = new FakeIbm()) {
      var task = Task.builder(Circuit.builder(1).h(0).build()).readout(Readout.probabilities()).shots(20).build();
      var sleeps = new ArrayList<java.time.Duration>();
      // a good run, with a 401 and a retry on the way
      fake.script("GET /api/v1/instances/usage", FakeIbm.json(401, "{}"));
      fake.script("POST /api/v1/jobs", FakeIbm.json(500, "{}"));
      try (var b = fake.backend(fake.options(tmp.resolve("j")), sleeps)) {
        texts.add(b.toString());
        var r = b.run(List.of(task)).get(0);
        texts.add(r.metadata().toString());
      }
      // a failed job
      fake.finalJob = FakeIbm.fixture("job_failed_non_isa.json");
      try (var b = fake.backend(fake.options(tmp.resolve("j")), sleeps)) {
        texts.add(assertThrows(IbmException.class, () -> b.run(List.of(task))).getMessage());
      }
      // a wrong key: IAM refuses, the message must not echo what was sent
      var opts = fake.options(tmp.resolve("j"));
      opts.put("token", "WRONG-" + FakeIbm.KEY);
      try (var b = fake.backend(opts, sleeps)) {
        var e = assertThrows(IbmException.class, () -> b.run(List.of(task)));
        texts.add(e.getMessage());
        assertTrue(e.getMessage().contains("API key could not be found"), e.getMessage());
      }
      var cfg = BackendConfig.of("ibm", fake.options(tmp.resolve("j")));
      texts.add(cfg.toString());
      texts.add(Credentials.resolve(cfg, Map.of(), tmp).toString());
      // every recorded request: the token appears only in the Authorization header, the key only in the IAM form
      for (var r : fake.requests) {
        if (!r.path().startsWith("/identity")) {
          assertFalse(r.body().contains(FakeIbm.KEY), "key sent to the runtime API: " + r.path());
        }
      }
    } finally {
      root.removeHandler(h);
      root.setLevel(before);
    }
    assertTrue(lines.size() > 5, "the run logged progress: " + lines);
    for (String s : lines) {
      assertFalse(s.contains(FakeIbm.KEY.substring(0, 12)), "API key in a log line: " + s);
      assertFalse(s.contains("eyJhbGciOiJSUzI1NiJ9"), "bearer token in a log line: " + s);
    }
    for (String s : texts) {
      assertFalse(s.contains(FakeIbm.KEY.substring(0, 12)), "API key in: " + s);
      assertFalse(s.contains("eyJhbGciOiJSUzI1NiJ9"), "bearer token in: " + s);
    }
  }

  @Test
  void credentialsComeFromEnvironmentOrTheQiskitAccountFile() throws IOException {
    String crn = FakeIbm.CRN;
    var env = Credentials.resolve(BackendConfig.of("ibm"), Map.of("QISKIT_IBM_TOKEN", "k1", "QISKIT_IBM_INSTANCE", crn), tmp);
    assertTrue(env.apiKey().equals("k1") && env.instance().equals(crn));
    Files.createDirectories(tmp.resolve(".qiskit"));
    Files.writeString(tmp.resolve(".qiskit/qiskit-ibm.json"), "{\"old\":{\"channel\":\"ibm_quantum\",\"token\":\"legacy\"},"
        + "\"default-ibm-quantum-platform\":{\"channel\":\"ibm_quantum_platform\",\"token\":\"k2\",\"instance\":\"" + crn
        + "\",\"is_default_account\":true}}");
    var file = Credentials.resolve(BackendConfig.of("ibm"), Map.of(), tmp);
    assertTrue(file.apiKey().equals("k2") && file.instance().equals(crn), file.toString());
    assertFalse(file.toString().contains("k2"));
    var none = assertThrows(dev.qssm.backend.BackendUnavailableException.class,
        () -> Credentials.resolve(BackendConfig.of("ibm"), Map.of(), tmp.resolve("nowhere")));
    assertTrue(none.getMessage().contains("QISKIT_IBM_TOKEN"));
  }
}
