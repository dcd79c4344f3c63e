package dev.qssm.backend;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The configuration of one backend: its provider name and the provider's own options, as the JSON
 * object found under {@code "backend"} in the qssm configuration. Common keys: {@code shots}
 * (default shots for tasks that callers build from this config) and {@code seed}.
 */
public final class BackendConfig {
  private static final Set<String> SECRET_HINTS = Set.of("token", "key", "secret", "password", "apikey");

  private final String name;
  private final JsonObject options;

  public BackendConfig(String name, JsonObject options) {
    if (name == null || name.isBlank()) {
      throw new BackendUnavailableException("backend name is empty; set backend.name or QSSM_BACKEND");
    }
    this.name = name;
    this.options = options == null ? new JsonObject() : options.deepCopy();
    this.options.remove("name");
  }

  public static BackendConfig of(String name) {
    return new BackendConfig(name, new JsonObject());
  }

  public static BackendConfig of(String name, Map<String, ?> options) {
    var o = new JsonObject();
    options.forEach((k, v) -> o.add(k, v instanceof Number n ? new JsonPrimitive(n)
        : v instanceof Boolean b ? new JsonPrimitive(b) : new JsonPrimitive(String.valueOf(v))));
    return new BackendConfig(name, o);
  }

  public String name() {
    return name;
  }

  /** A copy of the provider-specific options. */
  public JsonObject options() {
    return options.deepCopy();
  }

  public boolean has(String key) {
    return options.has(key) && !options.get(key).isJsonNull();
  }

  public String getString(String key, String fallback) {
    return has(key) ? options.get(key).getAsString() : fallback;
  }

  public int getInt(String key, int fallback) {
    return has(key) ? number(key).intValue() : fallback;
  }

  public long getLong(String key, long fallback) {
    return has(key) ? number(key).longValue() : fallback;
  }

  public double getDouble(String key, double fallback) {
    return has(key) ? number(key).doubleValue() : fallback;
  }

  public boolean getBoolean(String key, boolean fallback) {
    if (!has(key)) {
      return fallback;
    }
    var e = options.get(key);
    if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isBoolean()) {
      return e.getAsBoolean();
    }
    var s = e.getAsString().trim().toLowerCase();
    if (s.equals("true") || s.equals("false")) {
      return Boolean.parseBoolean(s);
    }
    throw new BackendUnavailableException("backend option '" + key + "' must be true or false, got '" + s + "'");
  }

  public JsonElement get(String key) {
    return has(key) ? options.get(key).deepCopy() : null;
  }

  /** Default shots for tasks built from this configuration (0 = exact). */
  public int shots() {
    int s = getInt("shots", 0);
    if (s < 0) {
      throw new BackendUnavailableException("backend option 'shots' must be >= 0, got " + s);
    }
    return s;
  }

  public OptionalLong seed() {
    return has("seed") ? OptionalLong.of(getLong("seed", 0)) : OptionalLong.empty();
  }

  private Number number(String key) {
    var e = options.get(key);
    try {
      return e.getAsJsonPrimitive().isNumber() ? e.getAsNumber() : Double.valueOf(e.getAsString().trim());
    } catch (RuntimeException ex) {
      throw new BackendUnavailableException("backend option '" + key + "' must be a number, got " + e);
    }
  }

  /** The options as JSON with every secret-looking value masked; safe to print or log. */
  public JsonObject masked() {
    return mask(options);
  }

  private static JsonObject mask(JsonObject o) {
    var out = new JsonObject();
    for (var e : o.entrySet()) {
      var k = e.getKey().toLowerCase().replace("_", "").replace("-", "");
      boolean secret = SECRET_HINTS.stream().anyMatch(k::contains);
      if (secret && !e.getValue().isJsonNull()) {
        out.addProperty(e.getKey(), "***");
      } else if (e.getValue().isJsonObject()) {
        out.add(e.getKey(), mask(e.getValue().getAsJsonObject()));
      } else {
        out.add(e.getKey(), e.getValue().deepCopy());
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return "BackendConfig(" + name + ", " + masked() + ")";
  }
}
