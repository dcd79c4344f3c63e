package dev.qssm.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QssmConfigTest {
  @TempDir Path dir;

  private QssmConfig.Builder isolated() {
    return QssmConfig.builder().environment(Map.of()).systemProperties(new Properties()).workingDirectory(dir);
  }

  private Path write(String name, String json) throws IOException {
    return Files.writeString(dir.resolve(name), json);
  }

  private static Properties props(String... kv) {
    var p = new Properties();
    for (int i = 0; i < kv.length; i += 2) {
      p.setProperty(kv[i], kv[i + 1]);
    }
    return p;
  }

  @Test
  void defaultsAreTheExactBackendWithExactResults() {
    var c = isolated().build();
    assertEquals("exact", c.backend().name());
    assertEquals(0, c.backend().shots());
    assertEquals(OptionalLong.empty(), c.backend().seed());
    assertTrue(c.file().isEmpty());
    assertEquals(0, c.backend().options().size());
  }

  @Test
  void eachSourceOverridesTheOnesBelowIt() throws IOException {
    var file = write("qssm.json", "{\"backend\": {\"name\": \"fromfile\", \"shots\": 10, \"seed\": 1}}");
    var env = Map.of("QSSM_BACKEND", "fromenv", "QSSM_SHOTS", "20", "QSSM_SEED", "2");
    var sys = props("qssm.backend", "fromprops", "qssm.shots", "30", "qssm.seed", "3");

    var fileOnly = isolated().configFile(file).build().backend();
    assertEquals("fromfile", fileOnly.name());
    assertEquals(10, fileOnly.shots());
    assertEquals(1, fileOnly.seed().getAsLong());

    var withEnv = isolated().configFile(file).environment(env).build().backend();
    assertEquals("fromenv", withEnv.name());
    assertEquals(20, withEnv.shots());
    assertEquals(2, withEnv.seed().getAsLong());

    var withProps = isolated().configFile(file).environment(env).systemProperties(sys).build().backend();
    assertEquals("fromprops", withProps.name());
    assertEquals(30, withProps.shots());
    assertEquals(3, withProps.seed().getAsLong());

    var all = isolated().configFile(file).environment(env).systemProperties(sys)
        .backend("fromflags").shots(40).seed(4).build().backend();
    assertEquals("fromflags", all.name());
    assertEquals(40, all.shots());
    assertEquals(4, all.seed().getAsLong());

    // a higher source setting only one value leaves the others to the lower sources
    var mixed = isolated().configFile(file).environment(Map.of("QSSM_SHOTS", "0")).backend("x").build().backend();
    assertEquals("x", mixed.name());
    assertEquals(0, mixed.shots());
    assertEquals(1, mixed.seed().getAsLong());
  }

  @Test
  void fileIsFlagThenPropertyThenEnvironmentThenWorkingDirectory() throws IOException {
    write("qssm.json", "{\"backend\": \"local\"}");
    write("env.json", "{\"backend\": \"env\"}");
    write("prop.json", "{\"backend\": \"prop\"}");
    write("flag.json", "{\"backend\": \"flag\"}");
    var env = Map.of("QSSM_CONFIG", "env.json");
    var sys = props("qssm.config", "prop.json");

    assertEquals("local", isolated().build().backend().name());
    assertEquals(dir.resolve("qssm.json"), isolated().build().file().orElseThrow());
    assertEquals("env", isolated().environment(env).build().backend().name());
    assertEquals("prop", isolated().environment(env).systemProperties(sys).build().backend().name());
    assertEquals("flag", isolated().environment(env).systemProperties(sys).configFile(Path.of("flag.json"))
        .build().backend().name());
  }

  @Test
  void missingExplicitFileIsAnError() {
    var e = assertThrows(ConfigException.class, () -> isolated().configFile(Path.of("nope.json")).build());
    assertTrue(e.getMessage().contains("nope.json"), e.getMessage());
    var env = assertThrows(ConfigException.class,
        () -> isolated().environment(Map.of("QSSM_CONFIG", "gone.json")).build());
    assertTrue(env.getMessage().contains("gone.json") && env.getMessage().contains("QSSM_CONFIG"), env.getMessage());
  }

  @Test
  void providerOptionsPassThroughAndMergeAcrossSources() throws IOException {
    var file = write("c.json", """
        {"backend": {"name": "noisy", "device": "fake_kyiv", "api_token": "t0",
                     "noise": {"depolarizing": 0.01, "readout": 0.05}}}
        """);
    var env = Map.of("QSSM_BACKEND_API_TOKEN", "t1", "QSSM_BACKEND_MAX_RETRIES", "5",
        "QSSM_BACKEND_NOISE__T1", "100e-6");
    var sys = props("qssm.backend.noise.readout", "0.02", "qssm.backend.channel", "ibm_cloud");
    var b = isolated().configFile(file).environment(env).systemProperties(sys).option("device", "fake_sherbrooke")
        .build().backend();

    assertEquals("noisy", b.name());
    assertEquals("fake_sherbrooke", b.getString("device", null));
    assertEquals("t1", b.getString("api_token", null)); // env replaced the file's key of the same name
    assertFalse(b.has("apiToken"));
    assertEquals(5, b.getInt("maxRetries", 0));
    assertEquals("ibm_cloud", b.getString("channel", null));
    var noise = b.get("noise").getAsJsonObject();
    assertEquals(0.01, noise.get("depolarizing").getAsDouble());
    assertEquals(0.02, noise.get("readout").getAsDouble());
    assertEquals(1e-4, noise.get("t1").getAsDouble());
    assertFalse(b.has("name"));
  }

  @Test
  void unknownTopLevelKeysAreKeptAsSections() throws IOException {
    var file = write("c.json", "{\"backend\": {\"name\": \"exact\"}, \"train\": {\"epochs\": 4}, \"note\": \"hi\"}");
    var c = isolated().configFile(file).build();
    assertEquals(4, c.section("train").orElseThrow().get("epochs").getAsInt());
    assertTrue(c.section("backend").isEmpty());
    assertTrue(c.section("note").isEmpty()); // not an object
    assertEquals(java.util.Set.of("train", "note"), c.sectionNames());
  }

  @Test
  void malformedJsonNamesFileLineAndColumn() throws IOException {
    var file = write("bad.json", "{\n  \"backend\": {\n    \"name\" \"exact\"\n  }\n}\n");
    var e = assertThrows(ConfigException.class, () -> isolated().configFile(file).build());
    assertTrue(e.getMessage().startsWith("malformed JSON in config file " + file + " at line 3, column "),
        e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  @Test
  void trailingGarbageAndCommentsAreMalformed() throws IOException {
    var two = write("two.json", "{\"backend\": \"exact\"}\n{}");
    var e = assertThrows(ConfigException.class, () -> isolated().configFile(two).build());
    assertTrue(e.getMessage().contains("at line 2"), e.getMessage());
    var comment = write("comment.json", "{\n// exact\n\"backend\": \"exact\"}");
    var c = assertThrows(ConfigException.class, () -> isolated().configFile(comment).build());
    assertTrue(c.getMessage().contains("at line 2"), c.getMessage());
    assertTrue(c.getMessage().contains("not strict JSON (comments,"), c.getMessage());
    var empty = write("empty.json", "");
    assertThrows(ConfigException.class, () -> isolated().configFile(empty).build());
  }

  @Test
  void badValuesNameTheirSource() throws IOException {
    var shots = assertThrows(ConfigException.class,
        () -> isolated().environment(Map.of("QSSM_SHOTS", "lots")).build());
    assertTrue(shots.getMessage().startsWith("QSSM_SHOTS must be a whole number >= 0"), shots.getMessage());

    var negative = assertThrows(ConfigException.class,
        () -> isolated().systemProperties(props("qssm.shots", "-3")).build());
    assertTrue(negative.getMessage().startsWith("system property qssm.shots must be"), negative.getMessage());

    var file = write("c.json", "{\"backend\": {\"shots\": 1.5}}");
    var fractional = assertThrows(ConfigException.class, () -> isolated().configFile(file).build());
    assertTrue(fractional.getMessage().contains(file + ": backend.shots must be"), fractional.getMessage());

    var seed = assertThrows(ConfigException.class,
        () -> isolated().environment(Map.of("QSSM_SEED", "99999999999999999999")).build());
    assertTrue(seed.getMessage().startsWith("QSSM_SEED must be"), seed.getMessage());

    var arr = write("arr.json", "[1, 2]");
    var notObject = assertThrows(ConfigException.class, () -> isolated().configFile(arr).build());
    assertTrue(notObject.getMessage().contains("top level must be a JSON object"), notObject.getMessage());

    var num = write("num.json", "{\"backend\": 42}");
    var badBackend = assertThrows(ConfigException.class, () -> isolated().configFile(num).build());
    assertTrue(badBackend.getMessage().contains("backend must be an object"), badBackend.getMessage());

    assertThrows(ConfigException.class, () -> isolated().shots(-1));
  }

  @Test
  void wholeNumbersMayBeWrittenAsDecimalsOrStrings() throws IOException {
    var file = write("c.json", "{\"backend\": {\"shots\": \"4096\", \"seed\": 7.0}}");
    var b = isolated().configFile(file).build().backend();
    assertEquals(4096, b.shots());
    assertEquals(7, b.seed().getAsLong());
  }

  @Test
  void secretsAreMaskedInToStringAndShow() throws IOException {
    var file = write("c.json", """
        {"backend": {"name": "ibm", "token": "s3cr3t-token", "instance": "crn:abc"},
         "hub": {"apiKey": "s3cr3t-key", "epochs": 2}}
        """);
    var c = isolated().configFile(file).environment(Map.of("QSSM_BACKEND_PASSWORD", "s3cr3t-pw")).build();
    for (var text : new String[] {c.toString(), c.show()}) {
      assertFalse(text.contains("s3cr3t"), text);
      assertTrue(text.contains("crn:abc"), text);
      assertTrue(text.contains("***"), text);
    }
    assertTrue(c.show().contains("\"epochs\": 2"), c.show());
    assertTrue(c.show().contains("\"name\": \"ibm\""), c.show());
    assertEquals("s3cr3t-token", c.backend().getString("token", null)); // still there for the provider
  }
}
