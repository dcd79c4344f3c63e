package dev.qssm.models.mamba;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qssm.autograd.Ops;
import dev.qssm.autograd.Tensor;
import dev.qssm.nn.Linear;
import java.util.ArrayList;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** HQC-Mamba's hook: any layer of the right shape can stand in for in_proj, x_proj, out_proj. */
class ProjectionSwapTest {
  @Test
  void projectionsComeFromTheFactoryWithTheirShapes() {
    var asked = new ArrayList<String>();
    var cfg = MambaConfig.of(8, 2, 2, 4);
    var model = new MambaClassifier(cfg, (name, layer, in, out, rng) -> {
      asked.add(layer + "." + name + ":" + in + "->" + out);
      return new Linear(in, out, true, rng); // a different layer: this one has a bias
    }, new SplittableRandom(3));
    assertEquals(java.util.List.of("0.in_proj:8->32", "0.x_proj:16->9", "0.out_proj:16->8", "1.in_proj:8->32",
        "1.x_proj:16->9", "1.out_proj:16->8"), asked);
    assertNotNull(model.parameters().get("layers.1.mixer.x_proj.bias"));
    var x = Tensor.of(new double[2 * 5], 2, 5, 1);
    var loss = Ops.crossEntropy(model.forward(x), new int[] {1, 2});
    loss.backward();
    assertArrayEquals(new int[] {32}, model.parameters().get("layers.0.mixer.in_proj.bias").shape());
    assertTrue(model.parameters().get("layers.0.mixer.in_proj.bias").grad() != null);
  }
}
