package dev.qssm.ibm;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Job ids on disk, keyed by the SHA-256 of the request body, written right after IBM accepts a
 * job and removed once its results are read. A run interrupted in between finds the id when it
 * sends the same request again and reattaches to the job instead of paying for a new one.
 */
final class JobStore {
  private static final Logger LOG = Logger.getLogger(JobStore.class.getName());
  private final Path dir;

  JobStore(Path dir) {
    this.dir = dir;
  }

  static String key(String body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  Optional<String> find(String key) {
    if (dir == null) {
      return Optional.empty();
    }
    var f = dir.resolve(key + ".json");
    if (!Files.isRegularFile(f)) {
      return Optional.empty();
    }
    try {
      var o = JsonParser.parseString(Files.readString(f)).getAsJsonObject();
      return Optional.of(o.get("job_id").getAsString());
    } catch (IOException | RuntimeException e) {
      LOG.warning("ignoring unreadable job record " + f + ": " + e.getMessage());
      return Optional.empty();
    }
  }

  void save(String key, String jobId, String device) {
    if (dir == null) {
      return;
    }
    var o = new JsonObject();
    o.addProperty("job_id", jobId);
    o.addProperty("device", device);
    o.addProperty("created", Instant.now().toString());
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(key + ".json"), o.toString());
    } catch (IOException e) {
      LOG.warning("could not record job " + jobId + " in " + dir + " (reattaching will not be possible): " + e.getMessage());
    }
  }

  void remove(String key) {
    if (dir == null) {
      return;
    }
    try {
      Files.deleteIfExists(dir.resolve(key + ".json"));
    } catch (IOException e) {
      LOG.warning("could not remove job record " + key + ": " + e.getMessage());
    }
  }
}
