package dev.qssm.config;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.MalformedJsonException;
import dev.qssm.backend.BackendConfig;
import java.io.EOFException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The effective qssm configuration, merged from these sources (highest precedence first):
 *
 * <ol>
 *   <li>explicit overrides ({@link Builder#backend}, {@link Builder#shots}, ...: command-line flags);
 *   <li>Java system properties {@code qssm.backend}, {@code qssm.shots}, {@code qssm.seed} and
 *       {@code qssm.backend.<option>} (dots nest: {@code qssm.backend.noise.readout});
 *   <li>environment variables {@code QSSM_BACKEND}, {@code QSSM_SHOTS}, {@code QSSM_SEED} and
 *       {@code QSSM_BACKEND_<OPTION>} ({@code API_TOKEN} becomes {@code apiToken}, a double
 *       underscore nests: {@code NOISE__READOUT});
 *   <li>the JSON file: {@link Builder#configFile}, else system property {@code qssm.config}, else
 *       {@code QSSM_CONFIG}, else {@code ./qssm.json} when it exists;
 *   <li>defaults: backend {@value #DEFAULT_BACKEND}, exact results (no shots).
 * </ol>
 *
 * <p>The file looks like {@code {"backend": {"name": "noisy", "shots": 4096, "seed": 7, ...}}};
 * everything under {@code backend} except {@code name} is passed to the provider as its options.
 * An option from a higher source replaces the option of the same name (compared ignoring case,
 * {@code _} and {@code -}) from a lower one. Other top-level keys are kept as {@link #section}s for
 * the commands that own them (e.g. {@code "train"}).
 */
public final class QssmConfig {
  public static final String DEFAULT_BACKEND = "exact";
  static final String FILE_NAME = "qssm.json";

  private static final Gson PRETTY = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
  private static final Pattern GSON_POSITION = Pattern.compile(" at line (\\d+) column (\\d+)");

  private final BackendConfig backend;
  private final JsonObject sections;
  private final Path file;

  private QssmConfig(BackendConfig backend, JsonObject sections, Path file) {
    this.backend = backend;
    this.sections = sections;
    this.file = file;
  }

  /** The configuration from this process's system properties, environment and working directory. */
  public static QssmConfig load() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The backend to use: provider name and options (shots and seed among them). */
  public BackendConfig backend() {
    return backend;
  }

  /** A copy of the top-level object {@code name} of the config file (e.g. "train"), if present. */
  public Optional<JsonObject> section(String name) {
    var e = sections.get(name);
    return e != null && e.isJsonObject() ? Optional.of(e.getAsJsonObject().deepCopy()) : Optional.empty();
  }

  /** Names of the file's top-level keys other than "backend". */
  public Set<String> sectionNames() {
    return new TreeSet<>(sections.keySet());
  }

  /** The config file that was read, if any. */
  public Optional<Path> file() {
    return Optional.ofNullable(file);
  }

  /** The effective configuration as pretty JSON, with every secret-looking value masked. */
  public String show() {
    var root = new JsonObject();
    var b = new JsonObject();
    b.addProperty("name", backend.name());
    backend.masked().entrySet().forEach(e -> b.add(e.getKey(), e.getValue()));
    root.add("backend", b);
    maskedSections().entrySet().forEach(e -> root.add(e.getKey(), e.getValue()));
    return PRETTY.toJson(root);
  }

  // Sections may hold credentials too; BackendConfig owns the masking rule, so borrow it (it drops
  // a top-level "name", which cannot be secret, so it is put back).
  private JsonObject maskedSections() {
    if (sections.size() == 0) {
      return new JsonObject();
    }
    var masked = new BackendConfig("sections", sections).masked();
    if (sections.has("name")) {
      masked.add("name", sections.get("name").deepCopy());
    }
    return masked;
  }

  @Override
  public String toString() {
    return "QssmConfig(backend=" + backend + ", file=" + (file == null ? "none" : file)
        + ", sections=" + sectionNames() + ")";
  }

  /** Collects the sources; {@link #build} merges them. Environment and properties default to the process's. */
  public static final class Builder {
    private String backend;
    private Integer shots;
    private Long seed;
    private final Map<String, String> options = new TreeMap<>();
    private Path configFile;
    private Map<String, String> environment = System.getenv();
    private Properties systemProperties = System.getProperties();
    private Path workingDirectory = Path.of("");

    private Builder() {}

    /** Overrides the backend name. */
    public Builder backend(String name) {
      this.backend = name;
      return this;
    }

    /** Overrides the default shots (0 = exact). */
    public Builder shots(int shots) {
      if (shots < 0) {
        throw new ConfigException("shots must be >= 0 (0 = exact), got " + shots);
      }
      this.shots = shots;
      return this;
    }

    /** Overrides the seed. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Overrides one provider option; dots in {@code key} nest ({@code noise.readout}). */
    public Builder option(String key, String value) {
      options.put(key, value);
      return this;
    }

    /** The config file to read instead of {@code qssm.config}/{@code QSSM_CONFIG}/{@code ./qssm.json}. */
    public Builder configFile(Path file) {
      this.configFile = file;
      return this;
    }

    public Builder environment(Map<String, String> env) {
      this.environment = Map.copyOf(env);
      return this;
    }

    public Builder systemProperties(Properties props) {
      this.systemProperties = props;
      return this;
    }

    /** Where relative config paths and {@code ./qssm.json} are resolved. */
    public Builder workingDirectory(Path dir) {
      this.workingDirectory = dir;
      return this;
    }

    /** Merges the sources; throws {@link ConfigException} naming the source of a bad value. */
    public QssmConfig build() {
      var merged = new JsonObject();
      merged.addProperty("name", DEFAULT_BACKEND);
      var sections = new JsonObject();

      var file = chooseFile();
      if (file != null) {
        readFile(file, merged, sections);
      }
      applyEnvironment(merged);
      applySystemProperties(merged);
      applyOverrides(merged);

      var name = merged.get("name");
      if (name == null || !name.isJsonPrimitive()) {
        throw new ConfigException("backend name must be a string like \"" + DEFAULT_BACKEND + "\", got " + name);
      }
      return new QssmConfig(new BackendConfig(name.getAsString(), merged), sections, file);
    }

    private Path chooseFile() {
      String how;
      Path p;
      var prop = systemProperties.getProperty("qssm.config");
      var env = environment.get("QSSM_CONFIG");
      if (configFile != null) {
        p = configFile;
        how = "";
      } else if (prop != null && !prop.isBlank()) {
        p = Path.of(prop.trim());
        how = " (system property qssm.config)";
      } else if (env != null && !env.isBlank()) {
        p = Path.of(env.trim());
        how = " (QSSM_CONFIG)";
      } else {
        var local = workingDirectory.resolve(FILE_NAME);
        return Files.isRegularFile(local) ? local : null;
      }
      var resolved = workingDirectory.resolve(p);
      if (!Files.isRegularFile(resolved)) {
        throw new ConfigException("config file " + p + how + " does not exist or is not a file");
      }
      return resolved;
    }

    private void readFile(Path file, JsonObject merged, JsonObject sections) {
      var root = parse(file);
      if (!root.isJsonObject()) {
        throw new ConfigException("config file " + file + ": the top level must be a JSON object like "
            + "{\"backend\": {\"name\": \"exact\"}}, got " + kind(root));
      }
      for (var e : root.getAsJsonObject().entrySet()) {
        if (!e.getKey().equals("backend")) {
          sections.add(e.getKey(), e.getValue());
        }
      }
      var b = root.getAsJsonObject().get("backend");
      var source = "config file " + file + ": backend";
      if (b == null || b.isJsonNull()) {
        return;
      }
      if (b.isJsonPrimitive() && b.getAsJsonPrimitive().isString()) {
        merged.addProperty("name", b.getAsString());
        return;
      }
      if (!b.isJsonObject()) {
        throw new ConfigException(source + " must be an object like {\"name\": \"exact\"} or a backend name, got " + kind(b));
      }
      for (var e : b.getAsJsonObject().entrySet()) {
        put(merged, new String[] {e.getKey()}, e.getValue(), source + "." + e.getKey());
      }
    }

    private static JsonElement parse(Path file) {
      try (var reader = new JsonReader(Files.newBufferedReader(file))) {
        reader.setStrictness(Strictness.STRICT);
        var root = new Gson().getAdapter(JsonElement.class).read(reader);
        reader.peek(); // a second top-level value is a syntax error in strict mode
        return root;
      } catch (MalformedJsonException | EOFException e) {
        throw malformed(file, e);
      } catch (IOException e) {
        throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
      }
    }

    // Gson reports "<what> at line L column C path $.x\nSee <url>"; keep what, line and column.
    private static ConfigException malformed(Path file, Exception e) {
      var msg = String.valueOf(e.getMessage());
      var firstLine = msg.lines().findFirst().orElse(msg);
      var m = GSON_POSITION.matcher(firstLine);
      if (m.find()) {
        var what = firstLine.substring(0, m.start());
        if (what.contains("Strictness")) { // Gson's advice to go lenient does not help a user
          what = "not strict JSON (comments, unquoted names, single quotes and text after the object"
              + " are not allowed)";
        }
        return new ConfigException("malformed JSON in config file " + file + " at line " + m.group(1)
            + ", column " + m.group(2) + ": " + what, e);
      }
      return new ConfigException("malformed JSON in config file " + file + ": " + firstLine, e);
    }

    private void applyEnvironment(JsonObject merged) {
      for (var e : new TreeMap<>(environment).entrySet()) {
        var key = e.getKey();
        if (key.startsWith("QSSM_BACKEND_") && key.length() > "QSSM_BACKEND_".length() && !blank(e.getValue())) {
          var parts = key.substring("QSSM_BACKEND_".length()).split("__");
          for (int i = 0; i < parts.length; i++) {
            parts[i] = camelCase(parts[i]);
          }
          put(merged, parts, new JsonPrimitive(e.getValue().trim()), key);
        }
      }
      setIfPresent(merged, "name", environment.get("QSSM_BACKEND"), "QSSM_BACKEND");
      setIfPresent(merged, "shots", environment.get("QSSM_SHOTS"), "QSSM_SHOTS");
      setIfPresent(merged, "seed", environment.get("QSSM_SEED"), "QSSM_SEED");
    }

    private void applySystemProperties(JsonObject merged) {
      for (var key : new TreeSet<>(systemProperties.stringPropertyNames())) {
        var value = systemProperties.getProperty(key);
        if (key.startsWith("qssm.backend.") && key.length() > "qssm.backend.".length() && !blank(value)) {
          var parts = key.substring("qssm.backend.".length()).split("\\.");
          put(merged, parts, new JsonPrimitive(value.trim()), "system property " + key);
        }
      }
      setIfPresent(merged, "name", systemProperties.getProperty("qssm.backend"), "system property qssm.backend");
      setIfPresent(merged, "shots", systemProperties.getProperty("qssm.shots"), "system property qssm.shots");
      setIfPresent(merged, "seed", systemProperties.getProperty("qssm.seed"), "system property qssm.seed");
    }

    private void applyOverrides(JsonObject merged) {
      options.forEach((k, v) -> put(merged, k.split("\\."), new JsonPrimitive(v), "option " + k));
      if (backend != null) {
        put(merged, new String[] {"name"}, new JsonPrimitive(backend), "backend override");
      }
      if (shots != null) {
        merged.add(existingKey(merged, "shots"), new JsonPrimitive(shots));
      }
      if (seed != null) {
        merged.add(existingKey(merged, "seed"), new JsonPrimitive(seed));
      }
    }

    private static void setIfPresent(JsonObject merged, String key, String value, String source) {
      if (!blank(value)) {
        put(merged, new String[] {key}, new JsonPrimitive(value.trim()), source);
      }
    }

    /** Sets {@code path} in {@code root}, creating objects on the way; shots and seed are checked. */
    private static void put(JsonObject root, String[] path, JsonElement value, String source) {
      var obj = root;
      for (int i = 0; i < path.length - 1; i++) {
        var k = existingKey(obj, path[i]);
        var next = obj.get(k);
        if (next == null || !next.isJsonObject()) {
          next = new JsonObject();
          obj.add(k, next);
        }
        obj = next.getAsJsonObject();
      }
      var last = existingKey(obj, path[path.length - 1]);
      if (obj == root) {
        value = checkCommon(last, value, source);
      }
      obj.add(last, value);
    }

    private static JsonElement checkCommon(String key, JsonElement value, String source) {
      if (value.isJsonNull()) {
        return value;
      }
      if (key.equals("name")) {
        if (!value.isJsonPrimitive() || value.getAsString().isBlank()) {
          throw new ConfigException(source + " must be a backend name like \"" + DEFAULT_BACKEND + "\", got " + value);
        }
        return new JsonPrimitive(value.getAsString().trim());
      }
      if (key.equals("shots")) {
        var n = wholeNumber(value, source, "a whole number >= 0 (0 = exact)");
        if (n.signum() < 0 || n.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
          throw new ConfigException(source + " must be a whole number >= 0 (0 = exact), got " + value);
        }
        return new JsonPrimitive(n.intValueExact());
      }
      if (key.equals("seed")) {
        var n = wholeNumber(value, source, "a whole number (a 64-bit seed)");
        try {
          return new JsonPrimitive(n.longValueExact());
        } catch (ArithmeticException e) {
          throw new ConfigException(source + " must be a 64-bit whole number, got " + value);
        }
      }
      return value;
    }

    private static BigDecimal wholeNumber(JsonElement value, String source, String what) {
      try {
        if (value.isJsonPrimitive() && !value.getAsJsonPrimitive().isBoolean()) {
          var n = new BigDecimal(value.getAsString().trim());
          if (n.signum() == 0 || n.stripTrailingZeros().scale() <= 0) {
            return n;
          }
        }
      } catch (NumberFormatException e) {
        // fall through to the message below
      }
      throw new ConfigException(source + " must be " + what + ", got " + value);
    }

    /** The key already in {@code obj} that names the same option as {@code key}, else {@code key}. */
    private static String existingKey(JsonObject obj, String key) {
      var norm = normalise(key);
      for (var k : obj.keySet()) {
        if (normalise(k).equals(norm)) {
          return k;
        }
      }
      return key;
    }

    private static String normalise(String key) {
      return key.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
    }

    private static String camelCase(String envPart) {
      var sb = new StringBuilder();
      boolean upper = false;
      for (char c : envPart.toLowerCase(Locale.ROOT).toCharArray()) {
        if (c == '_') {
          upper = sb.length() > 0;
        } else {
          sb.append(upper ? Character.toUpperCase(c) : c);
          upper = false;
        }
      }
      return sb.toString();
    }

    private static boolean blank(String s) {
      return s == null || s.isBlank();
    }

    private static String kind(JsonElement e) {
      if (e.isJsonArray()) {
        return "an array";
      }
      if (e.isJsonNull()) {
        return "null";
      }
      return e.isJsonObject() ? "an object" : e.toString();
    }
  }
}
