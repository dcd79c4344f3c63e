package dev.qssm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import dev.qssm.qasm.Qasm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCommandTest {
  private static final String SECRET = "s3cr3t-ibm-api-key-0123456789";

  @TempDir Path dir;

  private Cli cli() {
    return new Cli(dir, Qasm::parse);
  }

  @Test
  void showsDefaults() {
    var r = cli().run("config", "show");
    assertEquals(0, r.code(), r.toString());
    assertEquals("{\"backend\":{\"name\":\"exact\"}}", JsonParser.parseString(r.out()).toString());
  }

  @Test
  void flagsBeatEnvironmentWhichBeatsTheFile() throws IOException {
    Files.writeString(dir.resolve("qssm.json"),
        "{\"backend\": {\"name\": \"noisy\", \"shots\": 100, \"seed\": 1, \"threads\": 2}, \"train\": {\"epochs\": 3}}");
    var fromFile = JsonParser.parseString(cli().run("config", "show").out()).getAsJsonObject();
    assertEquals("{\"name\":\"noisy\",\"shots\":100,\"seed\":1,\"threads\":2}", fromFile.get("backend").toString());
    assertEquals("{\"epochs\":3}", fromFile.get("train").toString());

    var env = cli().env("QSSM_SHOTS", "200").env("QSSM_BACKEND", "exact");
    var fromEnv = JsonParser.parseString(env.run("config", "show").out()).getAsJsonObject().getAsJsonObject("backend");
    assertEquals("exact", fromEnv.get("name").getAsString());
    assertEquals(200, fromEnv.get("shots").getAsInt());

    var r = env.run("config", "show", "--shots", "300", "--backend", "strange", "-o", "threads=4");
    var fromFlags = JsonParser.parseString(r.out()).getAsJsonObject().getAsJsonObject("backend");
    assertEquals("{\"name\":\"strange\",\"shots\":300,\"seed\":1,\"threads\":\"4\"}", fromFlags.toString());
  }

  @Test
  void aTokenFromTheEnvironmentIsMasked() {
    assertMasked(cli().env("QSSM_BACKEND_TOKEN", SECRET).run("config", "show", "--backend", "ibm"), "token");
    assertMasked(cli().env("QSSM_BACKEND_API_TOKEN", SECRET).run("config", "show"), "apiToken");
  }

  @Test
  void aTokenFromAFlagIsMasked() {
    assertMasked(cli().run("config", "show", "--backend", "ibm", "-o", "token=" + SECRET), "token");
  }

  @Test
  void aTokenFromTheFileIsMasked() throws IOException {
    Files.writeString(dir.resolve("creds.json"), "{\"backend\": {\"name\": \"ibm\", \"token\": \"" + SECRET
        + "\", \"auth\": {\"apiKey\": \"" + SECRET + "\"}}, \"ibm\": {\"password\": \"" + SECRET + "\"}}");
    var r = cli().run("--config", "creds.json", "config", "show");
    assertMasked(r, "token");
    assertTrue(r.out().contains("\"apiKey\": \"***\""), r.out());
    assertTrue(r.out().contains("\"password\": \"***\""), r.out());
  }

  @Test
  void aTokenIsNotPrintedInDebugLogsEither() {
    var r = cli().env("QSSM_BACKEND_TOKEN", SECRET).run("--debug", "config", "show", "--backend", "ibm");
    assertMasked(r, "token");
  }

  private static void assertMasked(Cli.Result r, String key) {
    assertEquals(0, r.code(), r.toString());
    assertFalse(r.out().contains(SECRET) || r.err().contains(SECRET), r.toString());
    var backend = JsonParser.parseString(r.out()).getAsJsonObject().getAsJsonObject("backend");
    assertEquals("***", backend.get(key).getAsString(), r.out());
  }
}
