package dev.qssm.ibm;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import okhttp3.FormBody;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The Qiskit Runtime REST API over OkHttp, as IBM's own client uses it: IAM bearer token (cached,
 * renewed at 80 % of its lifetime and once on 401), {@code Service-CRN} and {@code IBM-API-Version}
 * on every call, retries on 500/502/503/504/520/521/522/524 with back-off 0.5 s·2^k (5 tries, also
 * for POST, which IBM declares safe for those codes), waits on 429, and no retry of a POST whose
 * fate is unknown (connection lost after sending).
 */
final class IbmClient implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(IbmClient.class.getName());
  static final Set<Integer> RETRY_STATUS = Set.of(500, 502, 503, 504, 520, 521, 522, 524);
  static final MediaType JSON = MediaType.get("application/json");
  static final int MAX_RETRIES = 5;
  static final int MAX_RATE_LIMIT_WAITS = 5;

  /** Waits between tries; tests replace it so that no test really sleeps. */
  interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  record Settings(String runtimeUrl, String iamUrl, String apiVersion, Duration rateLimitWait) {}

  private final Credentials credentials;
  private final Settings settings;
  private final Sleeper sleeper;
  private final Clock clock;
  private final OkHttpClient http;
  private String token; // never logged
  private Instant renewAt = Instant.MIN;

  IbmClient(Credentials credentials, Settings settings, Sleeper sleeper, Clock clock) {
    this.credentials = credentials;
    this.settings = settings;
    this.sleeper = sleeper;
    this.clock = clock;
    this.http = new OkHttpClient.Builder()
        .connectTimeout(30, TimeUnit.SECONDS)
        .readTimeout(120, TimeUnit.SECONDS)
        .followRedirects(false)
        .build();
  }

  static String runtimeUrl(String instanceCrn) {
    String region = Credentials.region(instanceCrn);
    return region.equals("us-east") ? "https://quantum.cloud.ibm.com/api/v1"
        : "https://" + region + ".quantum.cloud.ibm.com/api/v1";
  }

  // ---- endpoints ----

  JsonObject backends() {
    return object(call("GET", "/backends", null, true));
  }

  JsonObject configuration(String device) {
    return object(call("GET", "/backends/" + device + "/configuration", null, true));
  }

  JsonObject properties(String device) {
    return object(call("GET", "/backends/" + device + "/properties", null, true));
  }

  JsonObject status(String device) {
    return object(call("GET", "/backends/" + device + "/status", null, true));
  }

  /** POST /jobs: retried only where IBM says it is safe (the 5xx list, 429). */
  JsonObject createJob(JsonObject body) {
    return object(call("POST", "/jobs", body, false));
  }

  JsonObject job(String id) {
    return object(call("GET", "/jobs/" + id + "?exclude_params=true", null, true));
  }

  JsonObject metrics(String id) {
    return object(call("GET", "/jobs/" + id + "/metrics", null, true));
  }

  /** The results text; null for 204 (no final result). */
  String results(String id) {
    return call("GET", "/jobs/" + id + "/results", null, true);
  }

  /** True when cancelled, false when IBM says it cannot be cancelled (409). */
  boolean cancel(String id) {
    try {
      call("POST", "/jobs/" + id + "/cancel", null, false);
      return true;
    } catch (IbmException e) {
      if (e.httpStatus() == 409) {
        return false;
      }
      throw e;
    }
  }

  String createBatchSession(String device, int maxTtlSeconds) {
    var body = new JsonObject();
    body.addProperty("mode", "batch");
    body.addProperty("backend", device);
    body.addProperty("max_ttl", maxTtlSeconds);
    var r = object(call("POST", "/sessions", body, false));
    if (!r.has("id")) {
      throw new IbmException("IBM created a session but returned no id", 0, null, null);
    }
    return r.get("id").getAsString();
  }

  /** Stops the session accepting jobs; queued jobs still run. */
  void closeSession(String id) {
    var body = new JsonObject();
    body.addProperty("accepting_jobs", false);
    call("PATCH", "/sessions/" + id, body, true);
  }

  JsonObject usage() {
    return object(call("GET", "/instances/usage", null, true));
  }

  // ---- transport ----

  private static JsonObject object(String text) {
    if (text == null || text.isBlank()) {
      return new JsonObject();
    }
    try {
      JsonElement e = JsonParser.parseString(text);
      return e.isJsonObject() ? e.getAsJsonObject() : new JsonObject();
    } catch (RuntimeException e) {
      throw new IbmException("IBM answered with something that is not JSON: " + shorten(text), e);
    }
  }

  /**
   * One call with IBM's retry policy. {@code idempotent}: a lost connection may be retried too
   * (never for POST /jobs, where it could create a second, paid job).
   */
  String call(String method, String path, JsonObject body, boolean idempotent) {
    boolean renewed = false;
    int retries = 0;
    int rateWaits = 0;
    while (true) {
      var rb = new Request.Builder().url(settings.runtimeUrl() + path)
          .header("Authorization", "Bearer " + token())
          .header("Service-CRN", credentials.instance())
          .header("IBM-API-Version", settings.apiVersion())
          .header("Accept", "application/json")
          .header("X-Qx-Client-Application", "qssm");
      RequestBody rbody = body == null
          ? (method.equals("GET") ? null : RequestBody.create(new byte[0], null))
          : RequestBody.create(body.toString(), JSON);
      rb.method(method, rbody);
      int code;
      String text;
      String retryAfter;
      try (Response resp = http.newCall(rb.build()).execute()) {
        code = resp.code();
        text = resp.body() == null ? "" : resp.body().string();
        retryAfter = resp.header("Retry-After");
      } catch (IOException e) {
        if (idempotent && retries < 3) {
          backoff(retries++);
          continue;
        }
        throw new IbmException("cannot reach IBM Quantum (" + method + " " + path + "): " + e.getMessage()
            + (idempotent ? "" : "; not retried, because the request may have been received"), e);
      }
      LOG.fine(() -> method + " " + path + " -> " + code);
      if (code >= 200 && code < 300) {
        return code == 204 ? null : text;
      }
      if (code == 401 && !renewed) {
        renewed = true;
        renewAt = Instant.MIN;
        continue;
      }
      if (code == 429 && rateWaits < MAX_RATE_LIMIT_WAITS) {
        rateWaits++;
        Duration wait = settings.rateLimitWait();
        if (retryAfter != null) {
          try {
            wait = Duration.ofSeconds(Math.max(1, Long.parseLong(retryAfter.trim())));
          } catch (NumberFormatException ignored) {
            // keep the default wait
          }
        }
        LOG.info("IBM rate limit on " + method + " " + path + "; waiting " + wait.toSeconds() + " s");
        sleep(wait);
        continue;
      }
      if (RETRY_STATUS.contains(code) && retries < MAX_RETRIES) {
        LOG.info("IBM answered " + code + " on " + method + " " + path + "; retrying");
        backoff(retries++);
        continue;
      }
      throw error(method + " " + path, code, text);
    }
  }

  private void backoff(int k) {
    sleep(Duration.ofMillis((long) (500 * Math.pow(2, k))));
  }

  private void sleep(Duration d) {
    try {
      sleeper.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IbmException("interrupted while waiting for IBM Quantum", e);
    }
  }

  /** IBM's error shapes: {"errors":[{code,message,solution}],"trace"} or {"error":{message,code}}. */
  static IbmException error(String what, int status, String text) {
    String message = null;
    String solution = null;
    String code = null;
    String trace = null;
    try {
      var o = JsonParser.parseString(text).getAsJsonObject();
      if (o.has("errors") && o.get("errors").isJsonArray() && o.getAsJsonArray("errors").size() > 0) {
        var e = o.getAsJsonArray("errors").get(0).getAsJsonObject();
        message = str(e, "message");
        solution = str(e, "solution");
        code = str(e, "code");
      } else if (o.has("error") && o.get("error").isJsonObject()) {
        message = str(o.getAsJsonObject("error"), "message");
        code = str(o.getAsJsonObject("error"), "code");
      } else if (o.has("errorMessage")) {
        message = str(o, "errorMessage");
        code = str(o, "errorCode");
      }
      trace = str(o, "trace");
    } catch (RuntimeException ignored) {
      // not JSON: fall back to the raw text below
    }
    var sb = new StringBuilder("IBM Quantum refused ").append(what).append(": HTTP ").append(status);
    if (code != null) {
      sb.append(" (code ").append(code).append(')');
    }
    sb.append(": ").append(message != null ? message : shorten(text));
    if (solution != null) {
      sb.append(" Solution: ").append(solution);
    }
    if (trace != null) {
      sb.append(" [trace ").append(trace).append(']');
    }
    return new IbmException(sb.toString(), status, code, trace);
  }

  static String str(JsonObject o, String key) {
    return o.has(key) && !o.get(key).isJsonNull() && o.get(key).isJsonPrimitive() ? o.get(key).getAsString() : null;
  }

  private static String shorten(String s) {
    s = s == null ? "" : s.strip();
    return s.length() > 300 ? s.substring(0, 300) + "..." : s;
  }

  // ---- IAM ----

  /** The cached bearer token, exchanged from the API key when missing or at 80 % of its life. */
  private synchronized String token() {
    if (token != null && clock.instant().isBefore(renewAt)) {
      return token;
    }
    var form = new FormBody.Builder()
        .add("grant_type", "urn:ibm:params:oauth:grant-type:apikey")
        .add("apikey", credentials.apiKey())
        .build();
    int retries = 0;
    while (true) {
      var req = new Request.Builder().url(settings.iamUrl()).header("Accept", "application/json").post(form).build();
      try (Response resp = http.newCall(req).execute()) {
        String text = resp.body() == null ? "" : resp.body().string();
        if (RETRY_STATUS.contains(resp.code()) && retries < MAX_RETRIES) {
          backoff(retries++);
          continue;
        }
        if (!resp.isSuccessful()) {
          throw error("the API key (IAM token exchange; check QISKIT_IBM_TOKEN)", resp.code(), text);
        }
        var o = object(text);
        if (!o.has("access_token")) {
          throw new IbmException("IBM IAM answered without an access_token", resp.code(), null, null);
        }
        long lifetime = o.has("expires_in") ? o.get("expires_in").getAsLong() : 3600;
        token = o.get("access_token").getAsString();
        renewAt = clock.instant().plusSeconds((long) (0.8 * lifetime));
        LOG.fine("obtained an IAM token valid for " + lifetime + " s");
        return token;
      } catch (IOException e) {
        if (retries < 3) {
          backoff(retries++);
          continue;
        }
        throw new IbmException("cannot reach IBM IAM at " + settings.iamUrl() + ": " + e.getMessage(), e);
      }
    }
  }

  @Override
  public void close() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  @Override
  public String toString() {
    return "IbmClient(" + settings.runtimeUrl() + ", " + credentials + ")";
  }
}
