package dev.qssm.cli;

import dev.qssm.backend.Backend;
import dev.qssm.models.qlam.Qlam;
import dev.qssm.models.qlam.QlamConfig;
import dev.qssm.models.qrnn.Qrnn;
import dev.qssm.models.qrnn.QrnnConfig;
import dev.qssm.models.data.CopyMemory;
import dev.qssm.models.train.Classifier;
import dev.qssm.models.train.TrainOptions;
import dev.qssm.models.train.Trainer;
import java.util.Locale;
import dev.qssm.QssmException;
import dev.qssm.models.recurrent.StepLayout.Coupling;
import java.util.SplittableRandom;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code qssm train --model qlam|qrnn}: the options only the quantum-memory models use (a mixin of train). */
final class MemoryTrain {
  @Option(names = "--qubits", paramLabel = "N", defaultValue = "8", description = "qlam/qrnn: memory qubits (default 8)")
  int qubits;
  @Option(names = "--rotations", paramLabel = "LIST", defaultValue = "ry,rz",
      description = "qlam/qrnn: the token's rotations on every qubit per layer (default ry,rz)")
  String rotations;
  @Option(names = "--coupling", paramLabel = "KIND", defaultValue = "rzz",
      description = "qlam/qrnn: after each layer of rotations, rzz (trainable ZZ ring, default), ring (CNOT ring) or cz")
  String coupling;
  @Option(names = "--observables", paramLabel = "LIST",
      description = "qlam/qrnn: Pauli families read out, of z, x, y, zz (default qlam z,x,zz; qrnn z,x)")
  String observables;
  @Option(names = "--heads", paramLabel = "H", defaultValue = "2", description = "qlam: query heads (default 2)")
  int heads;
  @Option(names = "--embed", paramLabel = "E", defaultValue = "16", description = "qrnn: input embedding size (default 16)")
  int embed;
  @Option(names = "--hidden", paramLabel = "H", defaultValue = "32",
      description = "qrnn: hidden units of the angle network (default 32)")
  int hidden;
  @Option(names = "--feedback-window", paramLabel = "W", defaultValue = "4",
      description = "qrnn: readouts fed back come from the last W steps' circuit (0 = the whole prefix, cost"
          + " quadratic in the length; default 4)")
  int window;

  @Option(names = "--copy-blanks", paramLabel = "T", defaultValue = "20",
      description = "--task copy: blank tokens between the 3 stored symbols (of 8) and the query (default 20)")
  int blanks;

  static final int COPY_SYMBOLS = 8;
  static final int COPY_STORED = 3;

  /**
   * The trainer for {@code t.model} on sMNIST/psMNIST or, with {@code --task copy}, on the copying
   * task ({@code --train-limit} sequences, default 2000; {@code --test-limit}, default 500).
   */
  Trainer trainer(TrainCommand t, TrainOptions opts, Backend backend, int shots) {
    var out = t.main.context().out();
    if (!t.task.equals("copy")) {
      var m = create(t, backend, shots, t.pixelsPerToken, 10);
      out.printf(Locale.ROOT, "%s: %s on backend %s%n", t.model, m.config(), backend.name());
      return new Trainer(opts, m);
    }
    if (blanks < 0) {
      throw new ParameterException(t.spec.commandLine(), "--copy-blanks must be >= 0, got " + blanks);
    }
    var train = new CopyMemory(t.trainLimit > 0 ? t.trainLimit : 2000, COPY_SYMBOLS, COPY_STORED, blanks, t.seed);
    var test = new CopyMemory(t.testLimit > 0 ? t.testLimit : 500, COPY_SYMBOLS, COPY_STORED, blanks, t.seed + 1_000_003);
    var m = create(t, backend, shots, train.features(), COPY_SYMBOLS);
    out.printf(Locale.ROOT, "%s: %s on backend %s; copying task, %d tokens%n", t.model, m.config(), backend.name(),
        train.length());
    return new Trainer(opts, m, train, test, "copy " + COPY_STORED + " of " + COPY_SYMBOLS + " symbols, " + blanks
        + " blanks, " + train.size() + " sequences, seed " + t.seed);
  }

  /** The model {@code t.model} ("qlam" or "qrnn") with train's shared options. */
  Classifier create(TrainCommand t, Backend backend, int shots, int dIn, int classes) {
    int layers = t.spec.commandLine().getParseResult().hasMatchedOption("--q-layers") ? t.qLayers : 1;
    Coupling e;
    try {
      e = Coupling.parse(coupling);
    } catch (QssmException ex) {
      throw new ParameterException(t.spec.commandLine(), "--coupling: " + ex.getMessage());
    }
    var rng = new SplittableRandom(t.seed);
    if (t.model.equals("qlam")) {
      var c = new QlamConfig(qubits, layers, rotations, e, observables == null ? "z,x,zz" : observables, heads,
          dIn, classes);
      return new Qlam(c, backend, shots, rng);
    }
    var c = new QrnnConfig(qubits, layers, rotations, e, observables == null ? "z,x" : observables, embed, hidden,
        window, dIn, classes);
    return new Qrnn(c, backend, shots, rng);
  }
}
