package dev.qssm.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.qssm.circuit.Circuit;
import dev.qssm.circuit.Parameter;
import java.util.List;
import org.junit.jupiter.api.Test;

class VjpSummingWeightsTest {

  @Test
  void defaultFoldsWeightColumnsIntoRowZeroAndKeepsInputsPerRow() {
    var w = Parameter.weight("w");
    var x = Parameter.input("x");
    var c = Circuit.builder(1).ry(x, 0).rz(w, 0).build(); // columns: x, w
    var task = Task.builder(c).bindings(new double[] {1, 2}, new double[] {3, 4}, new double[] {5, 6})
        .readout(Readout.probabilities()).build();
    Backend backend = new Backend() {
      @Override
      public String name() {
        return "stub";
      }

      @Override
      public Capabilities capabilities() {
        return Capabilities.builder().build();
      }

      @Override
      public List<TaskResult> run(List<Task> tasks) {
        throw new UnsupportedOperationException();
      }

      @Override
      public List<double[][]> vjp(List<Task> tasks, List<double[][]> cotangents) {
        return java.util.Collections.singletonList(new double[][] {{1, 10}, {2, 20}, {3, 30}});
      }
    };
    var g = backend.vjpSummingWeights(List.of(task), java.util.Collections.singletonList(new double[3][2])).get(0);
    assertArrayEquals(new double[] {1, 60}, g[0]);
    assertArrayEquals(new double[] {2, 0}, g[1]);
    assertArrayEquals(new double[] {3, 0}, g[2]);
  }
}
