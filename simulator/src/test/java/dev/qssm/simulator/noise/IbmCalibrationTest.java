package dev.qssm.simulator.noise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.qssm.backend.BackendConfig;
import dev.qssm.backend.Readout;
import dev.qssm.backend.Task;
import dev.qssm.circuit.Circuit;
import dev.qssm.simulator.NoisyBackend;
import dev.qssm.simulator.density.DensityEngine;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Noise models from IBM calibration snapshots (copied into test resources). */
class IbmCalibrationTest {

  static JsonObject resource(String name) {
    try (var in = IbmCalibrationTest.class.getResourceAsStream("/ibm/" + name)) {
      return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static NoiseModel fez() {
    return NoiseModel.fromIbm(resource("fez-properties.json"), resource("fez-configuration.json"));
  }

  @Test
  void readoutErrorOfMeasuredZeroAndOneMatchesTheCalibrationWithinSamplingError() {
    var model = fez();
    var props = resource("fez-properties.json").getAsJsonArray("qubits");
    try (var backend = new NoisyBackend(BackendConfig.of("noisy"), model)) {
      for (int q : new int[] {0, 1, 5}) {
        double p10 = field(props, q, "prob_meas1_prep0");
        double p01 = field(props, q, "prob_meas0_prep1");
        int shots = 200_000;
        // |0>: nothing happens to the qubit, so only readout error turns it into 1
        var zero = Circuit.builder(q + 1).classicalRegister("c", 1).measure(q, 0).build();
        var r0 = backend.run(Task.builder(zero).readout(Readout.classicalBits()).shots(shots).seed(q).build());
        assertEquals(p10, r0.row(0)[1], 5 * Math.sqrt(p10 * (1 - p10) / shots), "qubit " + q + " |0>");
        // |1> by x: readout error plus the small relaxation during the x gate
        var one = Circuit.builder(q + 1).classicalRegister("c", 1).x(q).measure(q, 0).build();
        var r1 = backend.run(Task.builder(one).readout(Readout.classicalBits()).shots(shots).seed(q).build());
        double gateError = 1 - DensityEngine.finalState(Circuit.builder(q + 1).x(q).build(), new double[0], model)
            .diagonal()[1 << q];
        double want = p01 * (1 - gateError) + (1 - p10) * gateError;
        assertEquals(want, r1.row(0)[0], 5 * Math.sqrt(want * (1 - want) / shots), "qubit " + q + " |1>");
        assertTrue(gateError < 2e-3, "x gate error " + gateError);
      }
    }
  }

  @Test
  void gateErrorsMatchTheCalibration() {
    var model = fez();
    // the channel after sx on qubit 0: relaxation + depolarizing add up to the calibrated gate_error
    var placed = model.after("sx", new int[] {0});
    assertEquals(1, placed.size());
    assertEquals(0.0007640689403641555, placed.get(0).channel().averageInfidelity(), 1e-9);
    var cz = model.after("cz", new int[] {0, 1});
    assertEquals(0.0101566715843735, cz.get(0).channel().averageInfidelity(), 1e-9);
    // rz is virtual: no noise; h falls back to the sx calibration; cx to the pair's cz
    assertTrue(model.after("rz", new int[] {3}).isEmpty());
    assertEquals(placed.get(0).channel(), model.after("h", new int[] {0}).get(0).channel());
    assertEquals(1, model.after("cx", new int[] {1, 0}).size());
  }

  @Test
  void brisbaneWithEcrLoads() {
    var model = NoiseModel.fromIbm(resource("brisbane-properties.json"), resource("brisbane-configuration.json"));
    assertTrue(model.hasReadoutError());
    assertTrue(model.after("x", new int[] {0}).size() == 1);
  }

  @Test
  void missingCalibrationFieldsAreNamed() {
    var props = resource("fez-properties.json");
    var q0 = props.getAsJsonArray("qubits").get(0).getAsJsonArray();
    for (int i = 0; i < q0.size(); i++) {
      if (q0.get(i).getAsJsonObject().get("name").getAsString().equals("prob_meas0_prep1")) {
        q0.remove(i);
        break;
      }
    }
    var e = assertThrows(NoiseException.class, () -> NoiseModel.fromIbm(props, resource("fez-configuration.json")));
    assertTrue(e.getMessage().contains("prob_meas0_prep1") && e.getMessage().contains("qubits[0]"), e.getMessage());
    var conf = resource("fez-configuration.json");
    conf.remove("basis_gates");
    e = assertThrows(NoiseException.class, () -> NoiseModel.fromIbm(resource("fez-properties.json"), conf));
    assertTrue(e.getMessage().contains("basis_gates"), e.getMessage());
  }

  private static double field(com.google.gson.JsonArray qubits, int q, String name) {
    for (var f : qubits.get(q).getAsJsonArray()) {
      if (f.getAsJsonObject().get("name").getAsString().equals(name)) {
        return f.getAsJsonObject().get("value").getAsDouble();
      }
    }
    throw new AssertionError(name);
  }

  @Test
  void bundledFezIsTheSameCalibrationAsTheFiles() {
    var circuit = Circuit.builder(3).h(0).cx(0, 1).cx(1, 2).sx(2).build();
    var task = Task.builder(circuit).readout(Readout.probabilities()).build();
    try (var files = new NoisyBackend(BackendConfig.of("noisy"), fez());
        var bundled = new NoisyBackend(BackendConfig.of("noisy"), NoiseModel.fromJson("{\"ibm\": \"fez\"}"))) {
      var expected = files.run(task).row(0);
      var actual = bundled.run(task).row(0);
      for (int i = 0; i < expected.length; i++) {
        assertEquals(expected[i], actual[i], 0.0, "outcome " + i);
      }
      assertTrue(expected[0] < 0.5 && expected[7] < 0.5 && expected[1] > 0, "noise moves weight off |000>, |111>");
    }
    var e = assertThrows(NoiseException.class, () -> NoiseModel.fromJson("{\"ibm\": \"nowhere\"}"));
    assertTrue(e.getMessage().contains("no bundled calibration for IBM device 'nowhere'; bundled: fez"), e.getMessage());
  }
}
