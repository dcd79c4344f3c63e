package dev.qssm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qssm.qasm.Qasm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** qssm noise-study over depolarizing levels and the bundled ibm_fez calibration, exact and sampled. */
class NoiseStudyCommandTest {
  @TempDir Path dir;

  @Test
  void gridOfNoiseShotsAndRepeatsGoesToCsvTableAndPlot() throws Exception {
    var cli = new Cli(dir, Qasm::parse);
    var train = cli.run("train", "--model", "hqc-mamba", "--pixels-per-token", "112", "--epochs", "1", "--batch", "8",
        "--train-limit", "16", "--test-limit", "4", "--d-model", "4", "--layers", "1", "--d-state", "2", "--q-layers",
        "1", "--out", "run");
    assertEquals(0, train.code(), train::toString);
    var r = cli.run("noise-study", "--checkpoint", "run", "--noise", "depolarizing:0,0.05", "--noise", "ibm:fez",
        "--shots", "0,100", "--repeats", "2", "--limit", "4", "--batch", "4");
    assertEquals(0, r.code(), r::toString);
    assertTrue(r.out().contains("| noise | exact | 100 shots |"), r::toString);
    assertTrue(r.out().contains("| ibm_fez |"), r::toString);

    List<String> csv = Files.readAllLines(dir.resolve("run/noise-study.csv"));
    assertEquals(1 + 3 * 2 * 2, csv.size(), String.join("\n", csv));
    var ideal = row(csv, "ideal", 0);
    var depolarized = row(csv, "depolarizing 0.05", 0);
    assertEquals(ideal[0], row(csv, "ideal", 0, 1)[0], 0.0, "exact probabilities: repeats agree");
    assertNotEquals(ideal[1], depolarized[1], "depolarizing noise changes the model's loss");
    var eval = cli.run("eval", "--checkpoint", "run", "--limit", "4");
    assertTrue(eval.out().contains(String.format(java.util.Locale.ROOT, "loss %.4f", ideal[1])),
        "ideal, exact = qssm eval on exact: " + eval.out() + " vs " + ideal[1]);

    var png = ImageIO.read(dir.resolve("run/noise-study.png").toFile());
    assertNotNull(png);
    assertEquals(760, png.getWidth());

    var bad = cli.run("noise-study", "--checkpoint", "run", "--noise", "depolarizing=0.1");
    assertEquals(2, bad.code(), bad::toString);
    assertTrue(bad.err().contains("--noise must look like KIND:V1,V2"), bad::toString);
  }

  // {accuracy, loss} of the first row for this noise label and shot count (and repeat)
  private static double[] row(List<String> csv, String label, int shots, int... repeat) {
    for (var line : csv.subList(1, csv.size())) {
      var f = line.split(",");
      if (f[0].equals(label) && Integer.parseInt(f[3]) == shots && (repeat.length == 0 || Integer.parseInt(f[4]) == repeat[0])) {
        return new double[] {Double.parseDouble(f[5]), Double.parseDouble(f[6])};
      }
    }
    throw new AssertionError("no row " + label + " " + shots + " in\n" + String.join("\n", csv));
  }
}
