package dev.qssm.ibm;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.qssm.circuit.ClassicalRegister;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes Sampler V2 plain-JSON results: {@code results[i].data.<register>.samples} holds one hex
 * string per shot ({@code "0x3"}: bit j = register bit j), flat for a PUB without a sweep and
 * nested (one array per binding row, any depth) with one. Unknown fields are ignored.
 */
final class Samples {
  private Samples() {}

  /** For each PUB, for each row, the shots as global clbit values (registers placed at their offsets). */
  static List<List<long[]>> decode(String resultsJson, List<List<ClassicalRegister>> registersPerPub) {
    JsonObject root;
    try {
      root = JsonParser.parseString(resultsJson).getAsJsonObject();
    } catch (RuntimeException e) {
      throw new IbmException("IBM job results are not a JSON object", e);
    }
    if (!root.has("results") || !root.get("results").isJsonArray()) {
      throw new IbmException("IBM job results have no 'results' array (was support_qiskit ignored?)", 0, null, null);
    }
    var results = root.getAsJsonArray("results");
    if (results.size() != registersPerPub.size()) {
      throw new IbmException("IBM returned " + results.size() + " PUB results for " + registersPerPub.size() + " PUBs", 0,
          null, null);
    }
    var out = new ArrayList<List<long[]>>();
    for (int i = 0; i < results.size(); i++) {
      var data = results.get(i).getAsJsonObject().getAsJsonObject("data");
      List<long[]> rows = null;
      for (ClassicalRegister r : registersPerPub.get(i)) {
        if (r.size() == 0) {
          continue;
        }
        if (data == null || !data.has(r.name())) {
          throw new IbmException("IBM results of PUB " + i + " lack register '" + r.name() + "'", 0, null, null);
        }
        var reg = data.getAsJsonObject(r.name());
        var regRows = new ArrayList<List<String>>();
        flatten(reg.get("samples"), regRows);
        if (rows == null) {
          rows = new ArrayList<>();
          for (var rr : regRows) {
            rows.add(new long[rr.size()]);
          }
        }
        if (regRows.size() != rows.size()) {
          throw new IbmException("registers of PUB " + i + " have different numbers of rows", 0, null, null);
        }
        for (int row = 0; row < rows.size(); row++) {
          var shots = regRows.get(row);
          if (shots.size() != rows.get(row).length) {
            throw new IbmException("registers of PUB " + i + " have different numbers of shots", 0, null, null);
          }
          for (int s = 0; s < shots.size(); s++) {
            rows.get(row)[s] |= parse(shots.get(s), r.size()) << r.offset();
          }
        }
      }
      out.add(rows == null ? List.of() : rows);
    }
    return out;
  }

  private static void flatten(JsonElement e, List<List<String>> rows) {
    if (e == null || !e.isJsonArray()) {
      throw new IbmException("IBM results hold no 'samples' array", 0, null, null);
    }
    JsonArray a = e.getAsJsonArray();
    if (a.size() == 0 || a.get(0).isJsonPrimitive()) {
      var shots = new ArrayList<String>();
      a.forEach(x -> shots.add(x.getAsString()));
      rows.add(shots);
    } else {
      a.forEach(x -> flatten(x, rows));
    }
  }

  static long parse(String hex, int bits) {
    String h = hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
    var v = new BigInteger(h.isEmpty() ? "0" : h, 16);
    if (v.bitLength() > bits || bits > 62) {
      throw new IbmException("sample " + hex + " does not fit a " + bits + "-bit register", 0, null, null);
    }
    return v.longValue();
  }
}
