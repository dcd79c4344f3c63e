package dev.qssm.models.qlam;

import com.google.gson.JsonObject;
import dev.qssm.QssmException;
import dev.qssm.models.recurrent.Observables;
import dev.qssm.models.recurrent.StepLayout;
import dev.qssm.models.recurrent.StepLayout.Coupling;
import java.util.Objects;

/**
 * QLAM's architecture. {@code qubits} memory qubits; per token {@code layers} layers of the token's
 * {@code rotations} (e.g. {@code "ry,rz"}), trained {@code rz ry rz} and the {@code coupling};
 * read through {@code observables} (families, e.g. {@code "z,x,zz"}) weighted by {@code heads}
 * query heads; {@code dIn} features per token, {@code classes} outputs.
 */
public record QlamConfig(int qubits, int layers, String rotations, Coupling coupling, String observables,
    int heads, int dIn, int classes) {
  public QlamConfig {
    Objects.requireNonNull(rotations, "rotations");
    Objects.requireNonNull(coupling, "coupling");
    Objects.requireNonNull(observables, "observables");
    if (heads < 1 || dIn < 1 || classes < 2) {
      throw new QssmException("QLAM needs heads >= 1, d_in >= 1 and classes >= 2, got " + heads + ", " + dIn + ", "
          + classes);
    }
    layout(qubits, layers, rotations, coupling); // validates
    Observables.parse(observables, qubits);
  }

  /** 8 qubits, 1 layer, ry,rz inputs, trainable RZZ ring, z,x,zz observables, 2 heads. */
  public static QlamConfig defaults(int dIn, int classes) {
    return new QlamConfig(8, 1, "ry,rz", Coupling.RZZ_RING, "z,x,zz", 2, dIn, classes);
  }

  public QlamConfig withQubits(int n) {
    return new QlamConfig(n, layers, rotations, coupling, observables, heads, dIn, classes);
  }

  public QlamConfig withLayers(int l) {
    return new QlamConfig(qubits, l, rotations, coupling, observables, heads, dIn, classes);
  }

  public QlamConfig withRotations(String r) {
    return new QlamConfig(qubits, layers, r, coupling, observables, heads, dIn, classes);
  }

  public QlamConfig withCoupling(Coupling c) {
    return new QlamConfig(qubits, layers, rotations, c, observables, heads, dIn, classes);
  }

  public QlamConfig withObservables(String o) {
    return new QlamConfig(qubits, layers, rotations, coupling, o, heads, dIn, classes);
  }

  public QlamConfig withHeads(int h) {
    return new QlamConfig(qubits, layers, rotations, coupling, observables, h, dIn, classes);
  }

  StepLayout layout() {
    return layout(qubits, layers, rotations, coupling);
  }

  private static StepLayout layout(int qubits, int layers, String rotations, Coupling coupling) {
    return new StepLayout(qubits, layers, StepLayout.rotations(rotations), true, coupling);
  }

  JsonObject toJson() {
    var j = new JsonObject();
    j.addProperty("model", "qlam");
    j.addProperty("qubits", qubits);
    j.addProperty("q_layers", layers);
    j.addProperty("rotations", rotations);
    j.addProperty("coupling", coupling.name());
    j.addProperty("observables", observables);
    j.addProperty("heads", heads);
    j.addProperty("d_in", dIn);
    j.addProperty("n_classes", classes);
    return j;
  }

  static QlamConfig fromJson(JsonObject j) {
    return new QlamConfig(j.get("qubits").getAsInt(), j.get("q_layers").getAsInt(), j.get("rotations").getAsString(),
        Coupling.valueOf(j.get("coupling").getAsString()), j.get("observables").getAsString(),
        j.get("heads").getAsInt(), j.get("d_in").getAsInt(), j.get("n_classes").getAsInt());
  }
}
