package dev.qssm.simulator.noise;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A declarative noise description, independent of any backend: which channels follow which gates,
 * and each qubit's readout error. Immutable; build one by hand with {@link #builder()}, from JSON
 * with {@link #fromJson}, or from an IBM backend's calibration with {@link #fromIbm}.
 *
 * <p>After a gate named {@code g} on qubits {@code qs} the channels come from the first of these
 * that has any: the rules for {@code g} on exactly {@code qs}; the rules for {@code g} on any qubits;
 * the per-qubit (one-qubit gates) or per-pair (two-qubit gates) rules; the defaults for one- or
 * two-qubit gates. A one-qubit channel after a wider gate acts on each of its qubits; gates on
 * three or more qubits get the one-qubit defaults on each qubit. Gate names are OpenQASM names
 * ({@code cx}, {@code sx}, ...), counting modifier controls as qubits of the gate.
 */
public final class NoiseModel {
  private static final NoiseModel NONE = builder().build();

  private final Map<String, List<Channel>> exact;
  private final Map<String, List<Channel>> byName;
  private final Map<Integer, List<Channel>> perQubit;
  private final Map<Long, List<Channel>> perPair;
  private final List<Channel> oneQubit;
  private final List<Channel> twoQubit;
  private final Map<Integer, ReadoutError> readout;
  private final ReadoutError readoutDefault;
  private final String description;

  /** A channel placed on circuit qubits ({@code qubits[j]} is the channel's qubit j). */
  public record Placed(Channel channel, int[] qubits) {}

  private NoiseModel(Builder b) {
    exact = copy(b.exact);
    byName = copy(b.byName);
    perQubit = copy(b.perQubit);
    perPair = copy(b.perPair);
    oneQubit = List.copyOf(b.oneQubit);
    twoQubit = List.copyOf(b.twoQubit);
    readout = Map.copyOf(b.readout);
    readoutDefault = b.readoutDefault;
    description = b.description;
  }

  public static NoiseModel none() {
    return NONE;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Parses the JSON form (see {@code docs/noise.md}); file names inside resolve against {@code baseDir}. */
  public static NoiseModel fromJson(JsonObject json, Path baseDir) {
    return NoiseJson.parse(json, baseDir);
  }

  public static NoiseModel fromJson(String json) {
    try {
      return fromJson(JsonParser.parseString(json).getAsJsonObject(), Path.of("."));
    } catch (IllegalStateException | com.google.gson.JsonParseException e) {
      throw new NoiseException("noise description is not a JSON object: " + e.getMessage());
    }
  }

  /**
   * The noise of an IBM backend from its {@code properties} and {@code configuration} JSON: for
   * every calibrated basis gate, thermal relaxation over its {@code gate_length} from the qubits'
   * T1/T2, then depolarizing that makes up the rest of its {@code gate_error}; readout errors from
   * {@code prob_meas1_prep0}/{@code prob_meas0_prep1}. Circuit qubit i is physical qubit i. Gates
   * outside the basis take the channels of {@code sx} (one qubit) or of the pair's two-qubit basis
   * gate. A T2 above 2*T1 in the data is lowered to 2*T1 (as Qiskit does) and logged.
   */
  public static NoiseModel fromIbm(JsonObject properties, JsonObject configuration) {
    var b = builder();
    IbmCalibration.populate(b, properties, configuration);
    return b.build();
  }

  public static NoiseModel fromIbm(Path properties, Path configuration) {
    return fromIbm(read(properties), read(configuration));
  }

  static JsonObject read(Path file) {
    try {
      return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    } catch (IOException e) {
      throw new NoiseException("cannot read noise file " + file + ": " + e.getMessage());
    } catch (RuntimeException e) {
      throw new NoiseException("noise file " + file + " is not a JSON object: " + e.getMessage());
    }
  }

  /** True when no channel and no readout error is set. */
  public boolean isIdeal() {
    return exact.isEmpty() && byName.isEmpty() && perQubit.isEmpty() && perPair.isEmpty() && oneQubit.isEmpty()
        && twoQubit.isEmpty() && !hasReadoutError();
  }

  public boolean hasReadoutError() {
    return !readoutDefault.isNone() || readout.values().stream().anyMatch(r -> !r.isNone());
  }

  /** The channels to apply after gate {@code gate} (OpenQASM name) on {@code qubits}, in order. */
  public List<Placed> after(String gate, int[] qubits) {
    int k = qubits.length;
    List<Channel> rules = exact.get(key(gate, qubits));
    if (rules == null) {
      rules = byName.get(gate);
    }
    if (rules == null && k == 1) {
      rules = perQubit.get(qubits[0]);
    }
    if (rules == null && k == 2) {
      rules = perPair.get(pair(qubits[0], qubits[1]));
    }
    if (rules == null) {
      rules = k == 2 ? twoQubit : oneQubit;
    }
    if (k > 2) {
      rules = rules.stream().filter(c -> c.numQubits() == 1).toList();
    }
    var out = new ArrayList<Placed>();
    for (var c : rules) {
      if (c.numQubits() == k) {
        out.add(new Placed(c, qubits.clone()));
      } else if (c.numQubits() == 1) {
        for (int q : qubits) {
          out.add(new Placed(c, new int[] {q}));
        }
      } else {
        throw new NoiseException("channel '" + c.name() + "' acts on " + c.numQubits()
            + " qubits and cannot follow gate '" + gate + "' on " + k + " qubit(s)");
      }
    }
    return out;
  }

  public ReadoutError readoutError(int qubit) {
    return readout.getOrDefault(qubit, readoutDefault);
  }

  @Override
  public String toString() {
    return description.isEmpty() ? (isIdeal() ? "ideal" : "custom") : description;
  }

  static String key(String gate, int[] qubits) {
    return gate + Arrays.toString(qubits);
  }

  static long pair(int a, int b) {
    return ((long) a << 32) | (b & 0xffffffffL);
  }

  private static <K> Map<K, List<Channel>> copy(Map<K, List<Channel>> m) {
    var out = new HashMap<K, List<Channel>>();
    m.forEach((k, v) -> out.put(k, List.copyOf(v)));
    return Map.copyOf(out);
  }

  public static final class Builder {
    private final Map<String, List<Channel>> exact = new HashMap<>();
    private final Map<String, List<Channel>> byName = new HashMap<>();
    private final Map<Integer, List<Channel>> perQubit = new HashMap<>();
    private final Map<Long, List<Channel>> perPair = new HashMap<>();
    private final List<Channel> oneQubit = new ArrayList<>();
    private final List<Channel> twoQubit = new ArrayList<>();
    private final Map<Integer, ReadoutError> readout = new HashMap<>();
    private ReadoutError readoutDefault = ReadoutError.NONE;
    private String description = "";

    private Builder() {}

    /** Adds {@code c} (one qubit) after every one-qubit gate without a more specific rule. */
    public Builder oneQubitGates(Channel c) {
      requireArity(c, 1, "oneQubitGates");
      oneQubit.add(c);
      return this;
    }

    /** Adds {@code c} after every two-qubit gate without a more specific rule (a one-qubit c acts on both). */
    public Builder twoQubitGates(Channel c) {
      twoQubit.add(c);
      return this;
    }

    /** Adds {@code c} after gate {@code name} on any qubits. */
    public Builder gate(String name, Channel c) {
      byName.computeIfAbsent(name, k -> new ArrayList<>()).add(c);
      return this;
    }

    /** Adds {@code c} after gate {@code name} on exactly {@code qubits} (in that order). */
    public Builder gate(String name, int[] qubits, Channel c) {
      if (c.numQubits() != 1 && c.numQubits() != qubits.length) {
        throw new NoiseException("channel '" + c.name() + "' acts on " + c.numQubits() + " qubits but gate '"
            + name + "' is given " + qubits.length);
      }
      exact.computeIfAbsent(key(name, qubits), k -> new ArrayList<>()).add(c);
      return this;
    }

    /** Marks gate {@code name} on exactly {@code qubits} as noise-free (no fallback rules apply). */
    public Builder ideal(String name, int[] qubits) {
      exact.computeIfAbsent(key(name, qubits), k -> new ArrayList<>());
      return this;
    }

    /** Adds {@code c} after every one-qubit gate on {@code qubit} without a gate-specific rule. */
    public Builder onQubit(int qubit, Channel c) {
      requireArity(c, 1, "onQubit");
      perQubit.computeIfAbsent(qubit, k -> new ArrayList<>()).add(c);
      return this;
    }

    /** Adds {@code c} after every two-qubit gate on (a, b); the mirrored pair gets it mirrored. */
    public Builder onPair(int a, int b, Channel c) {
      perPair.computeIfAbsent(pair(a, b), k -> new ArrayList<>()).add(c);
      if (a != b) {
        perPair.computeIfAbsent(pair(b, a), k -> new ArrayList<>()).add(c.numQubits() == 2 ? Kraus.swapped(c) : c);
      }
      return this;
    }

    /** Readout error for every qubit without its own. */
    public Builder readout(ReadoutError e) {
      readoutDefault = e;
      return this;
    }

    public Builder readout(int qubit, ReadoutError e) {
      readout.put(qubit, e);
      return this;
    }

    public Builder description(String d) {
      description = d;
      return this;
    }

    public NoiseModel build() {
      return new NoiseModel(this);
    }

    boolean hasPair(int a, int b) {
      return perPair.containsKey(pair(a, b));
    }

    private static void requireArity(Channel c, int n, String where) {
      if (c.numQubits() != n) {
        throw new NoiseException(where + " needs a " + n + "-qubit channel, got '" + c.name() + "' on "
            + c.numQubits());
      }
    }
  }
}
