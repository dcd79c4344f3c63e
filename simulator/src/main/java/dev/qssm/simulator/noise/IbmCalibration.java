package dev.qssm.simulator.noise;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.logging.Logger;

/** Reads IBM {@code properties}/{@code configuration} JSON into noise-model rules. */
final class IbmCalibration {
  private static final Logger LOG = Logger.getLogger(IbmCalibration.class.getName());

  private IbmCalibration() {}

  private record Qubit(double t1, double t2) {}

  static void populate(NoiseModel.Builder b, JsonObject properties, JsonObject configuration) {
    String name = properties.has("backend_name") ? properties.get("backend_name").getAsString() : "ibm";
    int n = (int) NoiseJson.number(require(configuration, "n_qubits", "configuration"), "configuration.n_qubits");
    var basis = new HashSet<String>();
    for (var g : require(configuration, "basis_gates", "configuration").getAsJsonArray()) {
      basis.add(g.getAsString());
    }
    var qubitsJson = require(properties, "qubits", "properties").getAsJsonArray();
    if (qubitsJson.size() != n) {
      throw new NoiseException("properties.qubits lists " + qubitsJson.size() + " qubits but configuration.n_qubits is " + n);
    }
    var qubits = new Qubit[n];
    for (int q = 0; q < n; q++) {
      var fields = fields(qubitsJson.get(q).getAsJsonArray());
      String at = "properties.qubits[" + q + "]";
      double t1 = seconds(need(fields, "T1", at), at + ".T1");
      double t2 = seconds(need(fields, "T2", at), at + ".T2");
      if (t2 > 2 * t1) {
        LOG.fine(() -> at + ": T2 " + t2 + " s > 2*T1 " + 2 * t1 + " s; using T2 = 2*T1");
        qubits[q] = new Qubit(t1, 2 * t1);
      } else {
        qubits[q] = new Qubit(t1, t2);
      }
      double p10 = value(need(fields, "prob_meas1_prep0", at), at + ".prob_meas1_prep0");
      double p01 = value(need(fields, "prob_meas0_prep1", at), at + ".prob_meas0_prep1");
      b.readout(q, new ReadoutError(p10, p01));
    }
    var gates = require(properties, "gates", "properties").getAsJsonArray();
    var sxByQubit = new HashMap<Integer, Channel>();
    for (int i = 0; i < gates.size(); i++) {
      var g = gates.get(i).getAsJsonObject();
      String at = "properties.gates[" + i + "]";
      String gate = require(g, "gate", at).getAsString();
      if (!basis.contains(gate)) {
        continue; // calibrated but not offered (e.g. rzz, reset)
      }
      var qa = require(g, "qubits", at).getAsJsonArray();
      var qs = new int[qa.size()];
      for (int j = 0; j < qs.length; j++) {
        qs[j] = qa.get(j).getAsInt();
        if (qs[j] < 0 || qs[j] >= n) {
          throw new NoiseException(at + ".qubits: qubit " + qs[j] + " out of range 0.." + (n - 1));
        }
      }
      var params = fields(require(g, "parameters", at).getAsJsonArray());
      double error = value(need(params, "gate_error", at + ".parameters"), at + ".gate_error");
      double length = seconds(need(params, "gate_length", at + ".parameters"), at + ".gate_length");
      var channel = gateChannel(qs, error, length, qubits, at);
      if (channel == null) {
        b.ideal(gate, qs); // e.g. rz, which IBM implements virtually
        continue;
      }
      b.gate(gate, qs, channel);
      if (qs.length == 1 && gate.equals("sx")) {
        sxByQubit.put(qs[0], channel);
      } else if (qs.length == 2 && !b.hasPair(qs[0], qs[1])) {
        b.onPair(qs[0], qs[1], channel);
      }
    }
    sxByQubit.forEach(b::onQubit);
    b.description(name + " calibration");
  }

  /** Relaxation over the gate time, then depolarizing for the rest of the error; null if ideal. */
  private static Channel gateChannel(int[] qs, double error, double length, Qubit[] qubits, String at) {
    Channel.check(at + ".gate_error", error);
    if (qs.length > 2) {
      return null;
    }
    Channel relax = null;
    if (length > 0) {
      relax = thermal(qubits[qs[0]], length);
      if (qs.length == 2) {
        relax = Channel.tensor(relax, thermal(qubits[qs[1]], length));
      }
    }
    int d = 1 << qs.length;
    // solve for the depolarizing strength that makes the composition's average infidelity equal
    // gate_error: F_pro(D o R) = (1 - lambda) F_pro(R) + lambda / d^2 for D = (1 - lambda) rho + lambda I/d
    double fTarget = ((d + 1) * (1 - error) - 1) / d;
    double fRelax = relax == null ? 1 : relax.processFidelity();
    double lambda = fRelax - 1.0 / (d * d) <= 0 ? 0 : (fRelax - fTarget) / (fRelax - 1.0 / (d * d));
    double p = Math.min(1, Math.max(0, lambda) * (d * d - 1) / (d * d));
    Channel depol = p > 0 ? (qs.length == 1 ? Channel.depolarizing(p) : Channel.depolarizing2(p)) : null;
    if (relax == null) {
      return depol;
    }
    return depol == null ? relax : relax.then(depol);
  }

  private static Channel thermal(Qubit q, double time) {
    return Channel.thermalRelaxation(q.t1, q.t2, time);
  }

  private static Map<String, JsonObject> fields(JsonArray a) {
    var m = new HashMap<String, JsonObject>();
    for (var e : a) {
      var o = e.getAsJsonObject();
      if (o.has("name")) {
        m.put(o.get("name").getAsString(), o);
      }
    }
    return m;
  }

  private static JsonObject need(Map<String, JsonObject> fields, String name, String at) {
    var f = fields.get(name);
    if (f == null || !f.has("value") || f.get("value").isJsonNull()) {
      throw new NoiseException("calibration field '" + name + "' is missing in " + at);
    }
    return f;
  }

  private static JsonElement require(JsonObject o, String name, String at) {
    if (!o.has(name) || o.get(name).isJsonNull()) {
      throw new NoiseException("calibration field '" + name + "' is missing in " + at);
    }
    return o.get(name);
  }

  private static double value(JsonObject f, String at) {
    return NoiseJson.number(f.get("value"), at);
  }

  private static double seconds(JsonObject f, String at) {
    double v = value(f, at);
    String unit = f.has("unit") ? f.get("unit").getAsString() : "s";
    double scale;
    switch (unit) {
      case "s", "" -> scale = 1;
      case "ms" -> scale = 1e-3;
      case "us", "µs" -> scale = 1e-6;
      case "ns" -> scale = 1e-9;
      default -> throw new NoiseException(at + ": unknown time unit '" + unit + "'; known: s, ms, us, ns");
    }
    if (v < 0) {
      throw new NoiseException(at + " must be >= 0, got " + v);
    }
    return v * scale;
  }
}
