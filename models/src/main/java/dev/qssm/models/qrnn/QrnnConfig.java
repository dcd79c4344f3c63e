package dev.qssm.models.qrnn;

import com.google.gson.JsonObject;
import dev.qssm.QssmException;
import dev.qssm.models.recurrent.Observables;
import dev.qssm.models.recurrent.StepLayout;
import dev.qssm.qnn.QuantumProjection.Entangler;
import java.util.Objects;

/**
 * QRNN's architecture. {@code qubits} memory qubits; per token {@code layers} layers of the
 * {@code rotations} (e.g. {@code "ry,rz"}) whose angles the feed-forward network sets, then the
 * {@code entangler}; mid-circuit readouts are the {@code observables} (families, e.g. {@code
 * "z,x"}); the network maps {@code [embed(x_t), readouts_{t-1}]} through {@code hidden} tanh units
 * to the step's angles. {@code window} 0 computes each readout from the whole prefix (exact
 * recurrence, cost quadratic in L); {@code window W > 0} from the last W steps only (cost linear
 * in L); the classifier always reads the whole sequence's state.
 */
public record QrnnConfig(int qubits, int layers, String rotations, Entangler entangler, String observables,
    int embed, int hidden, int window, int dIn, int classes) {
  public QrnnConfig {
    Objects.requireNonNull(rotations, "rotations");
    Objects.requireNonNull(entangler, "entangler");
    Objects.requireNonNull(observables, "observables");
    if (embed < 1 || hidden < 1 || window < 0 || dIn < 1 || classes < 2) {
      throw new QssmException("QRNN needs embed >= 1, hidden >= 1, window >= 0 (0 = whole prefix), d_in >= 1,"
          + " classes >= 2; got " + embed + ", " + hidden + ", " + window + ", " + dIn + ", " + classes);
    }
    layout(qubits, layers, rotations, entangler);
    Observables.parse(observables, qubits);
  }

  /** 8 qubits, 1 layer, ry,rz, CNOT ring, z,x readouts, embed 16, hidden 32, window 4. */
  public static QrnnConfig defaults(int dIn, int classes) {
    return new QrnnConfig(8, 1, "ry,rz", Entangler.CNOT_RING, "z,x", 16, 32, 4, dIn, classes);
  }

  public QrnnConfig withQubits(int n) {
    return new QrnnConfig(n, layers, rotations, entangler, observables, embed, hidden, window, dIn, classes);
  }

  public QrnnConfig withLayers(int l) {
    return new QrnnConfig(qubits, l, rotations, entangler, observables, embed, hidden, window, dIn, classes);
  }

  public QrnnConfig withRotations(String r) {
    return new QrnnConfig(qubits, layers, r, entangler, observables, embed, hidden, window, dIn, classes);
  }

  public QrnnConfig withEntangler(Entangler e) {
    return new QrnnConfig(qubits, layers, rotations, e, observables, embed, hidden, window, dIn, classes);
  }

  public QrnnConfig withObservables(String o) {
    return new QrnnConfig(qubits, layers, rotations, entangler, o, embed, hidden, window, dIn, classes);
  }

  public QrnnConfig withEmbed(int e) {
    return new QrnnConfig(qubits, layers, rotations, entangler, observables, e, hidden, window, dIn, classes);
  }

  public QrnnConfig withHidden(int h) {
    return new QrnnConfig(qubits, layers, rotations, entangler, observables, embed, h, window, dIn, classes);
  }

  public QrnnConfig withWindow(int w) {
    return new QrnnConfig(qubits, layers, rotations, entangler, observables, embed, hidden, w, dIn, classes);
  }

  StepLayout layout() {
    return layout(qubits, layers, rotations, entangler);
  }

  private static StepLayout layout(int qubits, int layers, String rotations, Entangler entangler) {
    return new StepLayout(qubits, layers, StepLayout.rotations(rotations), false, entangler);
  }

  JsonObject toJson() {
    var j = new JsonObject();
    j.addProperty("model", "qrnn");
    j.addProperty("qubits", qubits);
    j.addProperty("q_layers", layers);
    j.addProperty("rotations", rotations);
    j.addProperty("entangler", entangler.name());
    j.addProperty("observables", observables);
    j.addProperty("embed", embed);
    j.addProperty("hidden", hidden);
    j.addProperty("window", window);
    j.addProperty("d_in", dIn);
    j.addProperty("n_classes", classes);
    return j;
  }

  static QrnnConfig fromJson(JsonObject j) {
    return new QrnnConfig(j.get("qubits").getAsInt(), j.get("q_layers").getAsInt(), j.get("rotations").getAsString(),
        Entangler.valueOf(j.get("entangler").getAsString()), j.get("observables").getAsString(),
        j.get("embed").getAsInt(), j.get("hidden").getAsInt(), j.get("window").getAsInt(), j.get("d_in").getAsInt(),
        j.get("n_classes").getAsInt());
  }
}
