package dev.qssm.models.mamba;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qssm.autograd.Ops;
import dev.qssm.autograd.Tensor;
import dev.qssm.optim.Adam;
import dev.qssm.optim.ParamGroup;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every number in the PyTorch float64 dumps, matched to 1e-9 relative. */
class TorchReferenceTest {
  static final double TOL = 1e-9;

  @ParameterizedTest
  @ValueSource(strings = {"small-mean.json", "d16-last.json"})
  void matchesPyTorch(String file) throws Exception {
    var ref = new TorchReference(file);
    var model = new MambaClassifier(ref.config(), new Random(1));
    var params = ref.tensors(ref.obj("params"));
    assertEquals(params.keySet(), model.parameters().keySet(), "parameter names");
    model.parameters().forEach((k, t) -> assertArrayEquals(TorchReference.shape(ref.obj("params", k)), t.shape(), k));
    model.load(params);

    var xj = ref.obj("inputs", "x");
    var x = Tensor.variable(TorchReference.values(xj), TorchReference.shape(xj));
    var acts = model.trace(x);
    acts.values().forEach(Tensor::retainGrad);
    var loss = Ops.crossEntropy(acts.get("logits"), ref.labels());
    loss.backward();

    assertClose("loss", new double[] {ref.root.get("loss").getAsDouble()}, loss.data());
    assertClose("logits", TorchReference.values(ref.obj("logits")), acts.get("logits").data());
    var refActs = ref.obj("activations");
    for (var name : refActs.keySet()) {
      assertNotNull(acts.get(name), name);
      assertClose("activation " + name, TorchReference.values(refActs.getAsJsonObject(name)), acts.get(name).data());
      assertClose("grad of activation " + name,
          TorchReference.values(ref.obj("grad_activations", name)), acts.get(name).grad());
    }
    assertClose("grad_input", TorchReference.values(ref.obj("grad_input")), x.grad());
    var grads = ref.tensors(ref.obj("grads"));
    model.parameters().forEach((k, t) -> assertClose("grad " + k, grads.get(k), t.grad()));

    var adam = ref.obj("adam");
    var betas = adam.getAsJsonArray("betas");
    var opt = Adam.adam(List.of(new ParamGroup(model.parameters(), adam.get("lr").getAsDouble(),
        adam.get("weight_decay").getAsDouble())), betas.get(0).getAsDouble(), betas.get(1).getAsDouble(),
        adam.get("eps").getAsDouble());
    opt.step();
    var after = ref.tensors(ref.obj("adam", "params_after_step"));
    model.parameters().forEach((k, t) -> assertClose("after Adam " + k, after.get(k), t.data()));
  }

  /** Relative error per element, against the element or (for values near 0) 1e-3 of the tensor's largest. */
  static void assertClose(String what, double[] expected, double[] actual) {
    assertNotNull(actual, what + " missing");
    assertEquals(expected.length, actual.length, what + " size");
    double max = 0;
    for (double e : expected) {
      max = Math.max(max, Math.abs(e));
    }
    for (int i = 0; i < expected.length; i++) {
      double scale = Math.max(Math.abs(expected[i]), 1e-3 * max);
      double rel = Math.abs(actual[i] - expected[i]) / (scale == 0 ? 1 : scale);
      int fi = i;
      assertTrue(rel <= TOL, () -> what + "[" + fi + "]: expected " + expected[fi] + " got " + actual[fi]
          + " (relative error " + rel + ")");
    }
  }
}
