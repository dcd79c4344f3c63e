package dev.qssm.ibm;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.qssm.backend.BackendConfig;
import dev.qssm.backend.BackendUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * An API key and an instance CRN, and where they came from. {@link #toString} never shows the key.
 * Looked up in order: backend options {@code token}/{@code instance} (qssm config file or
 * {@code -o}), the environment {@code QISKIT_IBM_TOKEN}/{@code QISKIT_IBM_INSTANCE}, then the
 * Qiskit account file {@code ~/.qiskit/qiskit-ibm.json} (option {@code account} picks an entry).
 */
final class Credentials {
  private final String apiKey;
  private final String instance;
  private final String source;

  Credentials(String apiKey, String instance, String source) {
    this.apiKey = apiKey;
    this.instance = instance;
    this.source = source;
  }

  String apiKey() {
    return apiKey;
  }

  String instance() {
    return instance;
  }

  String source() {
    return source;
  }

  /** The region of the instance CRN (field 6 of crn:v1:bluemix:public:quantum-computing:REGION:...). */
  static String region(String crn) {
    var parts = crn.split(":", -1);
    if (parts.length < 6 || !parts[0].equals("crn") || parts[5].isBlank()) {
      throw new BackendUnavailableException(
          "instance '" + crn + "' is not an IBM Cloud CRN (crn:v1:bluemix:public:quantum-computing:REGION:a/ACCOUNT:INSTANCE::)");
    }
    return parts[5];
  }

  static Credentials resolve(BackendConfig config, Map<String, String> env, Path home) {
    String token = config.getString("token", null);
    String instance = config.getString("instance", null);
    String source = "backend options";
    if (blank(token)) {
      token = env.get("QISKIT_IBM_TOKEN");
      source = "QISKIT_IBM_TOKEN";
    }
    if (blank(instance)) {
      instance = env.get("QISKIT_IBM_INSTANCE");
    }
    if (blank(token) || blank(instance)) {
      var fromFile = accountFile(home.resolve(".qiskit").resolve("qiskit-ibm.json"), config.getString("account", null));
      if (fromFile != null) {
        if (blank(token)) {
          token = fromFile.apiKey;
          source = fromFile.source;
        }
        if (blank(instance)) {
          instance = fromFile.instance;
        }
      }
    }
    if (blank(token)) {
      throw new BackendUnavailableException("no IBM Quantum API key: set QISKIT_IBM_TOKEN, the backend option"
          + " 'token' in the qssm config file, or save a Qiskit account in ~/.qiskit/qiskit-ibm.json");
    }
    if (blank(instance)) {
      throw new BackendUnavailableException("no IBM Quantum instance: set QISKIT_IBM_INSTANCE or the backend"
          + " option 'instance' to your instance CRN (crn:v1:bluemix:public:quantum-computing:...)");
    }
    region(instance.trim());
    return new Credentials(token.trim(), instance.trim(), source);
  }

  private static Credentials accountFile(Path file, String account) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    JsonObject root;
    try {
      root = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    } catch (IOException | RuntimeException e) {
      throw new BackendUnavailableException("cannot read the Qiskit account file " + file + ": not a JSON object");
    }
    JsonObject pick = null;
    String name = null;
    for (var e : root.entrySet()) {
      if (!e.getValue().isJsonObject()) {
        continue;
      }
      var o = e.getValue().getAsJsonObject();
      String channel = str(o.get("channel"));
      if (channel != null && !channel.equals("ibm_quantum_platform") && !channel.equals("ibm_cloud")) {
        continue; // the retired ibm_quantum channel cannot work any more
      }
      if (account != null ? e.getKey().equals(account)
          : pick == null || Boolean.TRUE.equals(o.has("is_default_account") && o.get("is_default_account").getAsBoolean())) {
        pick = o;
        name = e.getKey();
      }
    }
    if (pick == null) {
      if (account != null) {
        throw new BackendUnavailableException("no account '" + account + "' with channel ibm_quantum_platform or ibm_cloud in " + file);
      }
      return null;
    }
    return new Credentials(str(pick.get("token")), str(pick.get("instance")), file + " (" + name + ")");
  }

  private static String str(JsonElement e) {
    return e == null || e.isJsonNull() ? null : e.getAsString();
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  @Override
  public String toString() {
    return "Credentials(apiKey=***, instance=" + instance + ", from " + source + ")";
  }
}
