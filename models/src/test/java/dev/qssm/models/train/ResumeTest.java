package dev.qssm.models.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import dev.qssm.models.hqc.HqcMamba;
import dev.qssm.models.mamba.MambaConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGKILL a training JVM after a checkpoint, resume, and get the uninterrupted run's weights bit for bit. */
class ResumeTest {
  @TempDir Path dir;

  static Trainer trainer(Path out) {
    var model = HqcMamba.classical(new MambaConfig(4, 1, 2, 4, 4, 0, 1, 10, "mean", true), new SplittableRandom(11));
    return new Trainer(new TrainOptions(1, null, 2, 2, 11, out, 1, null, 24, 4, 1e-2, 0.01, 1.0), model);
  }

  @Test
  void killedRunResumesToTheSameWeights() throws Exception {
    var killed = dir.resolve("killed");
    var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ResumeChild.class.getName(),
        killed.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
    var state = killed.resolve("checkpoint").resolve("state.json");
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline && child.isAlive()) {
      if (Files.exists(state) && step(state) >= 5) {
        break;
      }
      Thread.sleep(5);
    }
    child.destroyForcibly().waitFor();
    var resumedAt = new AtomicLong(-1);
    var resumed = trainer(killed);
    resumed.run(true, new TrainListener() {
      @Override
      public void resumed(long step) {
        resumedAt.set(step);
      }
    });
    assertTrue(resumedAt.get() >= 5 && resumedAt.get() < 24, "killed mid-run, resumed at " + resumedAt.get()
        + "; child log: " + Files.readString(dir.resolve("child.log")));

    var straight = trainer(dir.resolve("straight"));
    straight.run(false, new TrainListener() {});
    straight.model().parameters().forEach((k, t) ->
        assertArrayEquals(t.data(), resumed.model().parameters().get(k).data(), k));
  }

  private static long step(Path state) {
    try {
      return JsonParser.parseString(Files.readString(state)).getAsJsonObject().get("step").getAsLong();
    } catch (Exception e) {
      return -1; // being replaced right now
    }
  }
}
