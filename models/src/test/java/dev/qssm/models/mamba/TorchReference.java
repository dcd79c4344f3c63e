package dev.qssm.models.mamba;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A reference dump ("peer_mamba/v1") computed with PyTorch float64, read from test resources. */
final class TorchReference {
  final JsonObject root;

  TorchReference(String resource) throws Exception {
    try (var in = TorchReference.class.getResourceAsStream("/mamba-torch/" + resource)) {
      root = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
    }
  }

  MambaConfig config() {
    var c = root.getAsJsonObject("config");
    return new MambaConfig(c.get("d_model").getAsInt(), c.get("n_layers").getAsInt(), c.get("expand").getAsInt(),
        c.get("d_state").getAsInt(), c.get("d_conv").getAsInt(), c.get("dt_rank").getAsInt(), c.get("d_in").getAsInt(),
        c.get("n_classes").getAsInt(), c.get("pool").getAsString(), c.get("final_norm").getAsBoolean());
  }

  static double[] values(JsonObject tensor) {
    var a = tensor.getAsJsonArray("data");
    var v = new double[a.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = a.get(i).getAsDouble();
    }
    return v;
  }

  static int[] shape(JsonObject tensor) {
    var a = tensor.getAsJsonArray("shape");
    var s = new int[a.size()];
    for (int i = 0; i < s.length; i++) {
      s[i] = a.get(i).getAsInt();
    }
    return s;
  }

  Map<String, double[]> tensors(JsonObject group) {
    var m = new LinkedHashMap<String, double[]>();
    group.keySet().forEach(k -> m.put(k, values(group.getAsJsonObject(k))));
    return m;
  }

  JsonObject obj(String... path) {
    var o = root;
    for (var p : path) {
      o = o.getAsJsonObject(p);
    }
    return o;
  }

  int[] labels() {
    var a = root.getAsJsonObject("inputs").getAsJsonArray("labels");
    var l = new int[a.size()];
    for (int i = 0; i < l.length; i++) {
      l[i] = a.get(i).getAsInt();
    }
    return l;
  }
}
