package dev.qssm.models.qrnn;

import com.google.gson.JsonObject;
import dev.qssm.QssmException;
import dev.qssm.models.recurrent.Observables;
import dev.qssm.models.recurrent.StepLayout;
import dev.qssm.models.recurrent.StepLayout.Coupling;
import java.util.Objects;

/**
 * QRNN's architecture. {@code qubits} memory qubits; per token {@code layers} layers of the
 * {@code rotations} (e.g. {@code "ry,rz"}) whose angles the feed-forward network sets, then the
 * {@code coupling}; mid-circuit readouts are the {@code observables} (families, e.g. {@code
 * "z,x"}); the network maps {@code [embed(x_t), readouts_{t-1}]} through {@code hidden} tanh units
 * to the step's angles. {@code window} 0 computes each readout from the whole prefix (exact
 * recurrence, cost quadratic in L); {@code window W > 0} from the last W steps only (cost linear
 * in L); the classifier always reads the whole sequence's state.
 */
public record QrnnConfig(int qubits, int layers, String rotations, Coupling coupling, String observables,
    int embed, int hidden, int window, int dIn, int classes) {
  public QrnnConfig {
    Objects.requireNonNull(rotations, "rotations");
    Objects.requireNonNull(coupling, "coupling");
    Objects.requireNonNull(observables, "observables");
    if (embed < 1 || hidden < 1 || window < 0 || dIn < 1 || classes < 2) {
      throw new QssmException("QRNN needs embed >= 1, hidden >= 1, window >= 0 (0 = whole prefix), d_in >= 1,"
          + " classes >= 2; got " + embed + ", " + hidden + ", " + window + ", " + dIn + ", " + classes);
    }
    layout(qubits, layers, rotations, coupling);
    Observables.parse(observables, qubits);
  }

  /** 8 qubits, 1 layer, ry,rz, RZZ ring (angles from the network), z,x readouts, embed 16, hidden 32, window 4. */
  public static QrnnConfig defaults(int dIn, int classes) {
    return new QrnnConfig(8, 1, "ry,rz", Coupling.RZZ_RING, "z,x", 16, 32, 4, dIn, classes);
  }

  public QrnnConfig withQubits(int n) {
    return new QrnnConfig(n, layers, rotations, coupling, observables, embed, hidden, window, dIn, classes);
  }

  public QrnnConfig withLayers(int l) {
    return new QrnnConfig(qubits, l, rotations, coupling, observables, embed, hidden, window, dIn, classes);
  }

  public QrnnConfig withRotations(String r) {
    return new QrnnConfig(qubits, layers, r, coupling, observables, embed, hidden, window, dIn, classes);
  }

  public QrnnConfig withCoupling(Coupling c) {
    return new QrnnConfig(qubits, layers, rotations, c, observables, embed, hidden, window, dIn, classes);
  }

  public QrnnConfig withObservables(String o) {
    return new QrnnConfig(qubits, layers, rotations, coupling, o, embed, hidden, window, dIn, classes);
  }

  public QrnnConfig withEmbed(int e) {
    return new QrnnConfig(qubits, layers, rotations, coupling, observables, e, hidden, window, dIn, classes);
  }

  public QrnnConfig withHidden(int h) {
    return new QrnnConfig(qubits, layers, rotations, coupling, observables, embed, h, window, dIn, classes);
  }

  public QrnnConfig withWindow(int w) {
    return new QrnnConfig(qubits, layers, rotations, coupling, observables, embed, hidden, w, dIn, classes);
  }

  StepLayout layout() {
    return layout(qubits, layers, rotations, coupling);
  }

  private static StepLayout layout(int qubits, int layers, String rotations, Coupling coupling) {
    return new StepLayout(qubits, layers, StepLayout.rotations(rotations), false, coupling);
  }

  JsonObject toJson() {
    var j = new JsonObject();
    j.addProperty("model", "qrnn");
    j.addProperty("qubits", qubits);
    j.addProperty("q_layers", layers);
    j.addProperty("rotations", rotations);
    j.addProperty("coupling", coupling.name());
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
        Coupling.valueOf(j.get("coupling").getAsString()), j.get("observables").getAsString(),
        j.get("embed").getAsInt(), j.get("hidden").getAsInt(), j.get("window").getAsInt(), j.get("d_in").getAsInt(),
        j.get("n_classes").getAsInt());
  }
}
