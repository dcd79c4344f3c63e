package dev.qssm.cli;

import dev.qssm.backend.Backend;
import dev.qssm.models.qlam.Qlam;
import dev.qssm.models.qlam.QlamConfig;
import dev.qssm.models.qrnn.Qrnn;
import dev.qssm.models.qrnn.QrnnConfig;
import dev.qssm.models.train.Classifier;
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

  /** The model {@code t.model} ("qlam" or "qrnn") with train's shared options. */
  Classifier create(TrainCommand t, Backend backend, int shots) {
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
          t.pixelsPerToken, 10);
      return new Qlam(c, backend, shots, rng);
    }
    var c = new QrnnConfig(qubits, layers, rotations, e, observables == null ? "z,x" : observables, embed, hidden,
        window, t.pixelsPerToken, 10);
    return new Qrnn(c, backend, shots, rng);
  }
}
