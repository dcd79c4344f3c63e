package dev.qssm.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.qssm.autograd.AutogradException;
import dev.qssm.autograd.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Updates against values worked out by hand from the torch.optim formulas. */
class OptimizerTest {
  static Tensor withGrad(double value, double grad) {
    var t = Tensor.variable(new double[] {value}, 1);
    t.mul(grad).sum().backward(); // d(value*grad)/dvalue = grad
    return t;
  }

  @Test
  void sgdWithMomentumAndDecay() {
    var p = withGrad(1.0, 0.5);
    var opt = new Sgd(List.of(new ParamGroup(Map.of("p", p), 0.1, 0.2)), 0.9);
    opt.step(); // d = 0.5 + 0.2 = 0.7, buf = 0.7, p = 1 - 0.07
    assertEquals(0.93, p.data()[0], 1e-15);
    opt.step(); // d = 0.5 + 0.186 = 0.686, buf = 0.63 + 0.686 = 1.316
    assertEquals(0.93 - 0.1316, p.data()[0], 1e-15);
  }

  @Test
  void adamWGroupsHaveTheirOwnRateAndDecay() {
    var a = withGrad(1.0, 2.0);
    var b = withGrad(1.0, 2.0);
    var opt = Adam.adamW(List.of(new ParamGroup(Map.of("a", a), 1e-3, 0.01), new ParamGroup(Map.of("b", b), 3e-4, 0)),
        0.9, 0.999, 1e-8);
    opt.step();
    // step 1: m_hat = g, v_hat = g^2, update = lr * g / (|g| + eps)
    assertEquals(1.0 * (1 - 1e-3 * 0.01) - 1e-3 * 2 / (2 + 1e-8), a.data()[0], 1e-15);
    assertEquals(1.0 - 3e-4 * 2 / (2 + 1e-8), b.data()[0], 1e-15);
    assertEquals(1, opt.steps());
  }

  @Test
  void adamStateRoundTrips() {
    var p = withGrad(1.0, 2.0);
    var q = withGrad(1.0, 2.0);
    var o1 = Adam.adam(List.of(new ParamGroup(Map.of("p", p), 0.1, 0)), 0.9, 0.999, 1e-8);
    var o2 = Adam.adam(List.of(new ParamGroup(Map.of("p", q), 0.1, 0)), 0.9, 0.999, 1e-8);
    o1.step();
    o2.loadState(o1.state());
    q.data()[0] = p.data()[0];
    o1.step();
    o2.step();
    assertArrayEquals(p.data(), q.data());
  }

  @Test
  void clippingScalesToTheMaximumNorm() {
    var p = Tensor.variable(new double[] {0, 0}, 2);
    p.mul(Tensor.of(new double[] {3, 4}, 2)).sum().backward();
    assertEquals(5, Clip.gradNorm(List.of(p), 1), 1e-15);
    assertEquals(1, Math.hypot(p.grad()[0], p.grad()[1]), 1e-6);
  }

  @Test
  void warmupThenCosine() {
    var s = LrSchedule.warmupCosine(2, 10);
    assertEquals(0.5, s.factor(0));
    assertEquals(1, s.factor(2), 1e-15);
    assertEquals(0.5, s.factor(6), 1e-15);
    assertEquals(0, s.factor(10), 1e-15);
  }

  @Test
  void aParameterInTwoGroupsIsRejected() {
    var p = withGrad(1, 1);
    assertThrows(AutogradException.class, () -> new Sgd(List.of(new ParamGroup(Map.of("p", p), 1, 0),
        new ParamGroup(Map.of("p", p), 1, 0)), 0));
  }
}
