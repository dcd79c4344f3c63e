package dev.qssm.models.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qssm.autograd.Tensor;
import dev.qssm.models.mamba.MambaClassifier;
import dev.qssm.models.mamba.MambaConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
  @TempDir Path dir;

  @Test
  void readsAFileWrittenFromTheSpecByPython() throws Exception {
    var f = Path.of(SafetensorsTest.class.getResource("/safetensors/fixture.safetensors").toURI());
    var m = Safetensors.read(f);
    assertArrayEquals(new int[] {2, 3}, m.get("w").shape());
    assertArrayEquals(new double[] {1.5, -2.0, 3.25, 4.0, 0.5, -0.125}, m.get("w").values());
    assertArrayEquals(new double[] {0.1, 0.2}, m.get("b").values());
  }

  @Test
  void modelRoundTripsUnderPyTorchNames() {
    var cfg = MambaConfig.of(8, 2, 2, 4);
    var a = new MambaClassifier(cfg, new SplittableRandom(1));
    var b = new MambaClassifier(cfg, new SplittableRandom(2));
    var f = dir.resolve("m.safetensors");
    Safetensors.write(f, a.parameters(), false);
    assertTrue(Safetensors.read(f).containsKey("layers.1.mixer.in_proj.weight"));
    Safetensors.load(f, b);
    a.parameters().forEach((k, t) -> assertArrayEquals(t.data(), b.parameters().get(k).data(), k));
    var f32 = dir.resolve("m32.safetensors");
    Safetensors.write(f32, a.parameters(), true);
    Safetensors.load(f32, b);
    var w = a.parameters().get("head.weight").data();
    assertTrue(Math.abs(w[0] - b.parameters().get("head.weight").data()[0]) < 1e-7);
  }

  @Test
  void missingTensorIsNamed() {
    var model = new MambaClassifier(MambaConfig.of(8, 1, 2, 4), new SplittableRandom(1));
    var some = new LinkedHashMap<String, Tensor>(model.parameters());
    some.remove("layers.0.mixer.D");
    var f = dir.resolve("partial.safetensors");
    Safetensors.write(f, some, false);
    var e = assertThrows(WeightsException.class, () -> Safetensors.load(f, model));
    assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("missing tensor layers.0.mixer.D"),
        e.getMessage());
  }

  @Test
  void misShapedTensorIsNamed() {
    var model = new MambaClassifier(MambaConfig.of(8, 1, 2, 4), new SplittableRandom(1));
    var f = dir.resolve("wrong.safetensors");
    var bad = new LinkedHashMap<String, Tensor>(model.parameters());
    bad.put("head.weight", Tensor.zeros(10, 4));
    Safetensors.write(f, bad, false);
    var e = assertThrows(WeightsException.class, () -> Safetensors.load(f, model));
    assertTrue(e.getMessage().contains("head.weight has shape [10, 4], the model needs [10, 8]"), e.getMessage());
  }

  @Test
  void truncatedFileIsNamed() throws Exception {
    var f = dir.resolve("t.safetensors");
    Safetensors.write(f, Map.of("x", Tensor.zeros(4)), false);
    var bytes = Files.readAllBytes(f);
    Files.write(f, java.util.Arrays.copyOf(bytes, bytes.length - 3));
    var e = assertThrows(WeightsException.class, () -> Safetensors.read(f));
    assertTrue(e.getMessage().contains("tensor x: data_offsets"), e.getMessage());
  }
}
