package dev.qssm.transpile;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.qssm.backend.UnsupportedCircuitException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A device as data: qubit count, basis gates, supported instructions and the directed coupling
 * map, read from a backend configuration JSON (IBM's {@code QasmBackendConfiguration} shape), plus
 * optional error rates from a properties JSON for noise-aware layout.
 */
public final class Target {
  private final String name;
  private final int numQubits;
  private final Set<String> basisGates;
  private final Set<String> instructions;
  private final Set<Long> edges; // directed, encoded a * 2^32 + b
  private final List<List<Integer>> neighbours; // undirected
  private final String twoQubitGate;
  private final double[] qubitError;
  private final Map<Long, Double> edgeError;

  private Target(String name, int numQubits, Set<String> basis, Set<String> instructions, List<int[]> coupling,
      double[] qubitError, Map<Long, Double> edgeError) {
    if (numQubits <= 0) {
      throw new UnsupportedCircuitException("target '" + name + "' has " + numQubits + " qubits; need at least 1");
    }
    this.name = name;
    this.numQubits = numQubits;
    this.basisGates = Set.copyOf(basis);
    this.instructions = Set.copyOf(instructions);
    this.edges = new java.util.HashSet<>();
    this.neighbours = new ArrayList<>();
    for (int q = 0; q < numQubits; q++) {
      neighbours.add(new ArrayList<>());
    }
    for (int[] e : coupling) {
      if (e[0] < 0 || e[1] < 0 || e[0] >= numQubits || e[1] >= numQubits || e[0] == e[1]) {
        throw new UnsupportedCircuitException(
            "target '" + name + "': coupling edge " + Arrays.toString(e) + " is not a pair of distinct qubits in 0.." + (numQubits - 1));
      }
      edges.add(key(e[0], e[1]));
      if (!neighbours.get(e[0]).contains(e[1])) {
        neighbours.get(e[0]).add(e[1]);
        neighbours.get(e[1]).add(e[0]);
      }
    }
    if (basis.contains("cz")) {
      twoQubitGate = "cz";
    } else if (basis.contains("ecr")) {
      twoQubitGate = "ecr";
    } else if (numQubits > 1 && !coupling.isEmpty()) {
      throw new UnsupportedCircuitException(
          "target '" + name + "': basis " + basis + " has no two-qubit gate qssm can compile to (cz or ecr)");
    } else {
      twoQubitGate = null;
    }
    for (String g : List.of("rz", "sx", "x")) {
      if (!basis.contains(g)) {
        throw new UnsupportedCircuitException(
            "target '" + name + "': basis " + basis + " lacks '" + g + "'; qssm compiles to rz, sx, x plus cz or ecr");
      }
    }
    neighbours.replaceAll(List::copyOf);
    this.qubitError = qubitError;
    this.edgeError = edgeError;
  }

  /** A target from a configuration JSON text ({@code GET /backends/{name}/configuration}). */
  public static Target fromConfiguration(String configurationJson) {
    return fromConfiguration(configurationJson, null);
  }

  /** A target with calibration data ({@code GET /backends/{name}/properties}) for noise-aware layout. */
  public static Target fromConfiguration(String configurationJson, String propertiesJson) {
    JsonObject conf = parseObject(configurationJson, "configuration");
    JsonObject props = propertiesJson == null ? null : parseObject(propertiesJson, "properties");
    return fromJson(conf, props);
  }

  public static Target fromJson(JsonObject conf, JsonObject props) {
    String name = conf.has("backend_name") ? conf.get("backend_name").getAsString() : "target";
    if (!conf.has("n_qubits")) {
      throw new UnsupportedCircuitException("configuration of '" + name + "' has no n_qubits");
    }
    int n = conf.get("n_qubits").getAsInt();
    var basis = strings(conf.get("basis_gates"));
    var instr = strings(conf.get("supported_instructions"));
    var coupling = new ArrayList<int[]>();
    if (conf.has("coupling_map") && conf.get("coupling_map").isJsonArray()) {
      for (JsonElement e : conf.getAsJsonArray("coupling_map")) {
        var a = e.getAsJsonArray();
        coupling.add(new int[] {a.get(0).getAsInt(), a.get(1).getAsInt()});
      }
    }
    var qErr = new double[n];
    var eErr = new HashMap<Long, Double>();
    if (props != null) {
      readProperties(props, n, qErr, eErr);
    }
    return new Target(name, n, basis, instr, coupling, qErr, eErr);
  }

  /** A synthetic target (tests, other vendors). */
  public static Target of(String name, int numQubits, Set<String> basisGates, Set<String> instructions, List<int[]> coupling) {
    return new Target(name, numQubits, basisGates, instructions, coupling, new double[numQubits], Map.of());
  }

  private static void readProperties(JsonObject props, int n, double[] qErr, Map<Long, Double> eErr) {
    if (props.has("qubits") && props.get("qubits").isJsonArray()) {
      var qs = props.getAsJsonArray("qubits");
      for (int q = 0; q < Math.min(n, qs.size()); q++) {
        if (!qs.get(q).isJsonArray()) {
          continue;
        }
        for (JsonElement item : qs.get(q).getAsJsonArray()) {
          var o = item.getAsJsonObject();
          if (o.has("name") && "readout_error".equals(o.get("name").getAsString()) && number(o.get("value"))) {
            qErr[q] += o.get("value").getAsDouble();
          }
        }
      }
    }
    if (props.has("gates") && props.get("gates").isJsonArray()) {
      for (JsonElement g : props.getAsJsonArray("gates")) {
        var o = g.getAsJsonObject();
        if (!o.has("qubits") || !o.has("parameters")) {
          continue;
        }
        var qs = o.getAsJsonArray("qubits");
        double err = 0;
        for (JsonElement p : o.getAsJsonArray("parameters")) {
          var po = p.getAsJsonObject();
          if (po.has("name") && "gate_error".equals(po.get("name").getAsString()) && number(po.get("value"))) {
            err = Math.min(1, po.get("value").getAsDouble());
          }
        }
        String gate = o.has("gate") ? o.get("gate").getAsString() : "";
        if (qs.size() == 2 && (gate.equals("cz") || gate.equals("ecr"))) {
          eErr.put(key(qs.get(0).getAsInt(), qs.get(1).getAsInt()), err);
        } else if (qs.size() == 1 && gate.equals("sx") && qs.get(0).getAsInt() < n) {
          qErr[qs.get(0).getAsInt()] += err;
        }
      }
    }
  }

  private static boolean number(JsonElement e) {
    return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber();
  }

  private static JsonObject parseObject(String json, String what) {
    try {
      return JsonParser.parseString(json).getAsJsonObject();
    } catch (RuntimeException e) {
      throw new UnsupportedCircuitException("the " + what + " is not a JSON object: " + e.getMessage());
    }
  }

  private static Set<String> strings(JsonElement e) {
    var out = new LinkedHashSet<String>();
    if (e != null && e.isJsonArray()) {
      for (JsonElement x : (JsonArray) e) {
        out.add(x.getAsString());
      }
    }
    return out;
  }

  private static long key(int a, int b) {
    return ((long) a << 32) | b;
  }

  public String name() {
    return name;
  }

  public int numQubits() {
    return numQubits;
  }

  public Set<String> basisGates() {
    return basisGates;
  }

  public Set<String> supportedInstructions() {
    return instructions;
  }

  /** "cz" or "ecr" (null on a target without couplings). */
  public String twoQubitGate() {
    return twoQubitGate;
  }

  /** True when the directed edge a→b is in the coupling map. */
  public boolean hasEdge(int a, int b) {
    return edges.contains(key(a, b));
  }

  /** Physical neighbours of q in either direction. */
  public List<Integer> neighbours(int q) {
    return neighbours.get(q);
  }

  /** True when an instruction name may appear in a program for this device. */
  public boolean supports(String instruction) {
    return basisGates.contains(instruction) || instructions.contains(instruction);
  }

  /** Mid-circuit measurement and reset (dynamic circuits). */
  public boolean supportsDynamicCircuits() {
    return instructions.contains("reset") && (instructions.contains("if_else") || instructions.contains("measure"));
  }

  /** Calibrated readout + single-qubit error of q (0 without properties). */
  public double qubitError(int q) {
    return qubitError[q];
  }

  /** Calibrated error of the two-qubit gate on the pair, either direction (0 without properties). */
  public double edgeError(int a, int b) {
    Double e = edgeError.get(key(a, b));
    if (e == null) {
      e = edgeError.get(key(b, a));
    }
    return e == null ? 0 : e;
  }

  @Override
  public String toString() {
    return "Target(" + name + ", " + numQubits + " qubits, basis " + basisGates + ", " + edges.size() + " edges)";
  }
}
