package dev.qssm.simulator.noise;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.qssm.circuit.GateMatrix;
import java.nio.file.Path;
import java.util.ArrayList;

/** The JSON form of a noise model; numbers may also be strings (as command-line options give them). */
final class NoiseJson {
  private NoiseJson() {}

  static NoiseModel parse(JsonObject json, Path baseDir) {
    var b = NoiseModel.builder();
    var parts = new ArrayList<String>();
    if (json.has("ibm") && json.get("ibm").isJsonPrimitive()) {
      String device = json.get("ibm").getAsString().replaceFirst("^ibm_", "");
      IbmCalibration.populate(b, bundled(device, "properties"), bundled(device, "configuration"));
      parts.add("ibm_" + device + " (bundled calibration)");
    } else if (json.has("ibm")) {
      var ibm = json.get("ibm").getAsJsonObject();
      var props = requireString(ibm, "ibm.properties");
      var conf = requireString(ibm, "ibm.configuration");
      IbmCalibration.populate(b, NoiseModel.read(baseDir.resolve(props)), NoiseModel.read(baseDir.resolve(conf)));
      parts.add("ibm(" + Path.of(props).getFileName() + ")");
    }
    boolean depol2Given = json.has("depolarizing2");
    for (var e : json.entrySet()) {
      String k = e.getKey();
      var v = e.getValue();
      switch (k) {
        case "ibm" -> { }
        case "depolarizing" -> {
          double p = number(v, k);
          b.oneQubitGates(Channel.depolarizing(p));
          if (!depol2Given) {
            b.twoQubitGates(Channel.depolarizing2(p));
          }
        }
        case "depolarizing2" -> b.twoQubitGates(Channel.depolarizing2(number(v, k)));
        case "amplitudeDamping" -> both(b, Channel.amplitudeDamping(number(v, k)));
        case "phaseDamping" -> both(b, Channel.phaseDamping(number(v, k)));
        case "bitFlip" -> both(b, Channel.bitFlip(number(v, k)));
        case "phaseFlip" -> both(b, Channel.phaseFlip(number(v, k)));
        case "thermal" -> thermal(b, v.getAsJsonObject());
        case "readout" -> readout(b, v);
        case "gates" -> gates(b, v.getAsJsonArray());
        default -> throw new NoiseException("unknown noise key '" + k + "'; known: ibm, depolarizing, depolarizing2,"
            + " amplitudeDamping, phaseDamping, bitFlip, phaseFlip, thermal, readout, gates");
      }
      if (!k.equals("ibm")) {
        parts.add(k + "=" + (v.isJsonPrimitive() ? v.getAsString() : "…"));
      }
    }
    return b.description(String.join(", ", parts)).build();
  }

  /** Bundled IBM calibration snapshots, so "ibm": "fez" works offline; see docs/noise.md for their date. */
  static final java.util.List<String> BUNDLED_DEVICES = java.util.List.of("fez");

  private static JsonObject bundled(String device, String kind) {
    if (!BUNDLED_DEVICES.contains(device)) {
      throw new NoiseException("no bundled calibration for IBM device '" + device + "'; bundled: "
          + String.join(", ", BUNDLED_DEVICES) + " (or give {\"properties\": FILE, \"configuration\": FILE})");
    }
    String name = "ibm_" + device + "-" + kind + ".json.gz";
    try (var in = NoiseJson.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new NoiseException("bundled resource " + name + " is missing from the jar");
      }
      var text = new String(new java.util.zip.GZIPInputStream(in).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      return com.google.gson.JsonParser.parseString(text).getAsJsonObject();
    } catch (java.io.IOException e) {
      throw new NoiseException("cannot read bundled " + name + ": " + e.getMessage());
    }
  }

  private static void both(NoiseModel.Builder b, Channel c) {
    b.oneQubitGates(c);
    b.twoQubitGates(c);
  }

  private static void thermal(NoiseModel.Builder b, JsonObject o) {
    double t1 = number(field(o, "thermal", "t1"), "thermal.t1");
    double t2 = number(field(o, "thermal", "t2"), "thermal.t2");
    double time = number(field(o, "thermal", "time"), "thermal.time");
    double time2 = o.has("time2") ? number(o.get("time2"), "thermal.time2") : time;
    b.oneQubitGates(Channel.thermalRelaxation(t1, t2, time));
    b.twoQubitGates(Channel.thermalRelaxation(t1, t2, time2));
  }

  private static void readout(NoiseModel.Builder b, JsonElement v) {
    if (v.isJsonArray()) {
      var a = v.getAsJsonArray();
      for (int q = 0; q < a.size(); q++) {
        b.readout(q, readoutError(a.get(q), "readout[" + q + "]"));
      }
    } else {
      b.readout(readoutError(v, "readout"));
    }
  }

  private static ReadoutError readoutError(JsonElement v, String where) {
    if (v.isJsonObject()) {
      var o = v.getAsJsonObject();
      return new ReadoutError(number(field(o, where, "p1Given0"), where + ".p1Given0"),
          number(field(o, where, "p0Given1"), where + ".p0Given1"));
    }
    double p = number(v, where);
    Channel.check(where, p);
    return ReadoutError.symmetric(p);
  }

  private static void gates(NoiseModel.Builder b, JsonArray rules) {
    for (int i = 0; i < rules.size(); i++) {
      String where = "gates[" + i + "]";
      var o = rules.get(i).getAsJsonObject();
      String gate = requireString(o, where + ".gate", "gate");
      var channels = field(o, where, "channels").getAsJsonArray();
      for (int j = 0; j < channels.size(); j++) {
        var c = channel(channels.get(j).getAsJsonObject(), where + ".channels[" + j + "]");
        if (o.has("qubits")) {
          var qa = o.getAsJsonArray("qubits");
          var qs = new int[qa.size()];
          for (int q = 0; q < qs.length; q++) {
            qs[q] = (int) number(qa.get(q), where + ".qubits[" + q + "]");
          }
          b.gate(gate, qs, c);
        } else {
          b.gate(gate, c);
        }
      }
    }
  }

  static Channel channel(JsonObject o, String where) {
    try {
      return channelOf(o, where);
    } catch (NoiseException e) {
      throw e.getMessage().contains(where) ? e : new NoiseException(where + ": " + e.getMessage());
    }
  }

  private static Channel channelOf(JsonObject o, String where) {
    String type = requireString(o, where + ".type", "type");
    switch (type) {
      case "depolarizing": return Channel.depolarizing(number(field(o, where, "p"), where + ".p"));
      case "depolarizing2": return Channel.depolarizing2(number(field(o, where, "p"), where + ".p"));
      case "amplitudeDamping": return Channel.amplitudeDamping(number(field(o, where, "gamma"), where + ".gamma"));
      case "phaseDamping": return Channel.phaseDamping(number(field(o, where, "lambda"), where + ".lambda"));
      case "bitFlip": return Channel.bitFlip(number(field(o, where, "p"), where + ".p"));
      case "phaseFlip": return Channel.phaseFlip(number(field(o, where, "p"), where + ".p"));
      case "pauli": return Channel.pauli(number(field(o, where, "px"), where + ".px"),
          number(field(o, where, "py"), where + ".py"), number(field(o, where, "pz"), where + ".pz"));
      case "thermalRelaxation": return Channel.thermalRelaxation(number(field(o, where, "t1"), where + ".t1"),
          number(field(o, where, "t2"), where + ".t2"), number(field(o, where, "time"), where + ".time"));
      case "kraus": return kraus(field(o, where, "operators").getAsJsonArray(), where + ".operators");
      default: throw new NoiseException(where + ".type '" + type + "' is unknown; known: depolarizing,"
          + " depolarizing2, amplitudeDamping, phaseDamping, bitFlip, phaseFlip, pauli, thermalRelaxation, kraus");
    }
  }

  /** Operators as arrays of rows of entries, each entry a number or [re, im]. */
  private static Channel kraus(JsonArray ops, String where) {
    var list = new ArrayList<GateMatrix>();
    for (int k = 0; k < ops.size(); k++) {
      var rows = ops.get(k).getAsJsonArray();
      int d = rows.size();
      var re = new double[d * d];
      var im = new double[d * d];
      for (int r = 0; r < d; r++) {
        var row = rows.get(r).getAsJsonArray();
        if (row.size() != d) {
          throw new NoiseException(where + "[" + k + "] row " + r + " has " + row.size() + " entries, expected " + d);
        }
        for (int c = 0; c < d; c++) {
          var e = row.get(c);
          String at = where + "[" + k + "][" + r + "][" + c + "]";
          if (e.isJsonArray()) {
            re[r * d + c] = number(e.getAsJsonArray().get(0), at);
            im[r * d + c] = number(e.getAsJsonArray().get(1), at);
          } else {
            re[r * d + c] = number(e, at);
          }
        }
      }
      list.add(new GateMatrix(d, re, im));
    }
    return Channel.kraus("kraus", list);
  }

  private static JsonElement field(JsonObject o, String where, String name) {
    if (!o.has(name) || o.get(name).isJsonNull()) {
      throw new NoiseException("missing field '" + where + "." + name + "'");
    }
    return o.get(name);
  }

  private static String requireString(JsonObject o, String where) {
    String name = where.substring(where.lastIndexOf('.') + 1);
    return requireString(o, where, name);
  }

  private static String requireString(JsonObject o, String where, String name) {
    if (!o.has(name) || o.get(name).isJsonNull()) {
      throw new NoiseException("missing field '" + where + "'");
    }
    return o.get(name).getAsString();
  }

  static double number(JsonElement e, String where) {
    try {
      double v = e.getAsJsonPrimitive().isNumber() ? e.getAsDouble() : Double.parseDouble(e.getAsString().trim());
      if (!Double.isFinite(v)) {
        throw new NumberFormatException();
      }
      return v;
    } catch (RuntimeException ex) {
      throw new NoiseException("'" + where + "' must be a finite number, got " + e);
    }
  }
}
