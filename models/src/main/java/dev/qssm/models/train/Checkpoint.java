package dev.qssm.models.train;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.qssm.nn.Module;
import dev.qssm.optim.Optimizer;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A training checkpoint directory: {@code config.json}, {@code model.safetensors} (PyTorch names,
 * F64), {@code optimizer.safetensors} (moments under {@code <param>.exp_avg} etc. and the step),
 * {@code state.json} (global step and seed; every random choice of training is a function of
 * (seed, epoch), so these two are the whole RNG state).
 *
 * <p>Written atomically: everything goes to a fresh sibling directory, is synced, and then
 * replaces the old checkpoint by renames, so a run killed at any instant leaves either the old or
 * the new checkpoint complete.
 */
public final class Checkpoint {
  static final String DIR = "checkpoint";
  private static final String OLD = "checkpoint.old";

  private Checkpoint() {}

  /** What a checkpoint restores besides the weights and optimizer state. */
  public record State(long step, long seed, JsonObject config) {}

  public static void save(Path out, JsonObject config, Module model, Optimizer opt, long step, long seed) {
    try {
      Files.createDirectories(out);
      // not createTempDirectory: that makes the checkpoint owner-only (0700)
      var tmp = out.resolve("checkpoint.tmp-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
      deleteTree(tmp);
      Files.createDirectory(tmp);
      Files.writeString(tmp.resolve("config.json"), pretty(config));
      Safetensors.write(tmp.resolve("model.safetensors"), model.parameters(), false);
      var entries = new LinkedHashMap<String, Safetensors.Entry>();
      opt.state().forEach((k, v) -> entries.put(k, new Safetensors.Entry(new int[] {v.length}, v)));
      Safetensors.writeEntries(tmp.resolve("optimizer.safetensors"), entries, false);
      var state = new JsonObject();
      state.addProperty("step", step);
      state.addProperty("seed", seed);
      state.addProperty("rng", "counter-based: epoch order = f(seed, epoch), no other random state");
      Files.writeString(tmp.resolve("state.json"), pretty(state));
      try (var files = Files.list(tmp)) {
        for (var f : (Iterable<Path>) files::iterator) {
          sync(f);
        }
      }
      sync(tmp);
      var current = out.resolve(DIR);
      var old = out.resolve(OLD);
      deleteTree(old);
      if (Files.exists(current)) {
        Files.move(current, old, StandardCopyOption.ATOMIC_MOVE);
      }
      Files.move(tmp, current, StandardCopyOption.ATOMIC_MOVE);
      sync(out);
      deleteTree(old);
    } catch (IOException e) {
      throw new WeightsException(out + ": cannot write checkpoint: " + e.getMessage(), e);
    }
  }

  /**
   * The checkpoint directory for {@code dir}: a training output directory (holding {@code
   * checkpoint/}) or a checkpoint directory itself.
   */
  public static Path locate(Path dir) {
    for (var candidate : new Path[] {dir.resolve(DIR), dir, dir.resolve(OLD)}) {
      if (Files.isRegularFile(candidate.resolve("config.json"))) {
        return candidate;
      }
    }
    throw new WeightsException(dir + ": no checkpoint here (expected " + dir.resolve(DIR).resolve("config.json")
        + "; train with qssm train --out DIR first)");
  }

  /** The architecture and run settings stored with the checkpoint in {@code dir} (see {@link #locate}). */
  public static JsonObject config(Path dir) {
    var file = locate(dir).resolve("config.json");
    try {
      return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    } catch (IOException | RuntimeException e) {
      throw new WeightsException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  /** Restores the latest complete checkpoint under {@code out} into model and optimizer, if any. */
  public static Optional<State> load(Path out, Module model, Optimizer opt) {
    var dir = out.resolve(DIR);
    if (!Files.isDirectory(dir)) {
      dir = out.resolve(OLD); // killed between the two renames
      if (!Files.isDirectory(dir)) {
        return Optional.empty();
      }
    }
    try {
      var config = JsonParser.parseString(Files.readString(dir.resolve("config.json"))).getAsJsonObject();
      var state = JsonParser.parseString(Files.readString(dir.resolve("state.json"))).getAsJsonObject();
      Safetensors.load(dir.resolve("model.safetensors"), model);
      var optState = new LinkedHashMap<String, double[]>();
      Safetensors.read(dir.resolve("optimizer.safetensors")).forEach((k, v) -> optState.put(k, v.values()));
      opt.loadState(optState);
      return Optional.of(new State(state.get("step").getAsLong(), state.get("seed").getAsLong(), config));
    } catch (IOException | RuntimeException e) {
      if (e instanceof WeightsException w) {
        throw w;
      }
      throw new WeightsException(dir + ": cannot read checkpoint: " + e.getMessage(), e);
    }
  }

  private static String pretty(JsonObject o) {
    return new GsonBuilder().setPrettyPrinting().create().toJson(o) + "\n";
  }

  private static void sync(Path p) {
    try (var ch = Files.isDirectory(p) ? FileChannel.open(p, StandardOpenOption.READ)
        : FileChannel.open(p, StandardOpenOption.WRITE)) {
      ch.force(true);
    } catch (IOException e) {
      // some file systems cannot sync directories; the renames still order the writes
    }
  }

  static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (var f : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(f);
      }
    }
  }
}
