package dev.qssm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qssm.qasm.Qasm;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** qssm demo, shrunk to seconds: both models train, the table, the noisy evaluation and three plots appear. */
class DemoCommandTest {
  @TempDir Path dir;

  @Test
  void demoTrainsBothModelsEvaluatesUnderNoiseAndWritesItsPlots() throws Exception {
    var r = new Cli(dir, Qasm::parse).run("demo", "--epochs", "1", "--train-limit", "32", "--noise-limit", "4");
    assertEquals(0, r.code(), r::toString);
    var out = r.out();
    assertTrue(out.contains("| model | parameters | test accuracy (200 digits) | training time |"), out);
    assertTrue(out.lines().anyMatch(l -> l.startsWith("| mamba | ")), out);
    assertTrue(out.lines().anyMatch(l -> l.startsWith("| hqc-mamba | ")), out);
    for (var label : new String[] {"| ideal |", "| depolarizing 0.001 |", "| depolarizing 0.01 |", "| ibm_fez |"}) {
      assertTrue(out.contains(label), label + "\n" + out);
    }
    for (var png : new String[] {"curves.png", "confusion.png", "noise-study.png"}) {
      var file = dir.resolve("demo-output").resolve(png);
      assertTrue(out.contains(file.toString()), "names " + file + "\n" + out);
      assertNotNull(ImageIO.read(file.toFile()), png);
    }

    var c = new Cli(dir, Qasm::parse).run("compare", "classical=demo-output/mamba", "hqc=demo-output/hqc-mamba", "--out",
        "cmp.png");
    assertEquals(0, c.code(), c::toString);
    assertTrue(c.out().startsWith("| epoch | classical | hqc |\n|---:|---:|---:|\n| 1 | 0."), c.out());
    assertTrue(c.out().contains("| parameters | 5,866 | 2,286 |"), c.out());
    assertNotNull(ImageIO.read(dir.resolve("cmp.png").toFile()));
    var bad = new Cli(dir, Qasm::parse).run("compare", "x=nowhere");
    assertEquals(2, bad.code(), bad::toString);
    assertTrue(bad.err().contains("nowhere: no metrics.csv there"), bad::toString);
  }
}
