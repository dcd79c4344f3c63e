package dev.qssm.cli;

import dev.qssm.QssmException;
import dev.qssm.analysis.CircuitAnalysis;
import dev.qssm.analysis.EntanglingCapability;
import dev.qssm.analysis.Expressibility;
import dev.qssm.backend.Backend;
import dev.qssm.bench.Machine;
import dev.qssm.circuit.AmplitudeEncoding;
import dev.qssm.circuit.Angle;
import dev.qssm.circuit.Circuit;
import dev.qssm.circuit.GateOperation;
import dev.qssm.circuit.Instruction;
import dev.qssm.circuit.Parameter;
import dev.qssm.qasm.QasmException;
import dev.qssm.qnn.QuantumProjection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "analyze",
    sortOptions = false,
    description = {
      "Expressibility (KL divergence of the fidelity distribution from Haar, Sim et al. 2019; lower is"
          + " more expressive, 0 = Haar) and Meyer-Wallach entangling capability Q (0 = product states,"
          + " 1 = GHZ-like) of an ansatz, from weights drawn uniformly in [0, 2π).",
      "Without FILE.qasm it analyses the HQC-Mamba QuantumProjection ansatz (Rot = rz·ry·rz on every"
          + " qubit, then the entangler, per layer), one table row per qubits x entangler x layers;"
          + " in a FILE.qasm every free parameter is sampled."
    })
final class AnalyzeCommand implements Callable<Integer> {
  @ParentCommand Main main;
  @Spec CommandSpec spec;

  @Parameters(arity = "0..1", paramLabel = "FILE.qasm", description = "OpenQASM 3 (or 2) circuit to analyse instead")
  Path file;

  @Option(names = "--qubits", split = ",", paramLabel = "N[,N...]", order = 1,
      description = "projection qubits (default 5)")
  List<Integer> qubits;

  @Option(names = "--layers", split = ",", paramLabel = "L[,L...]", order = 2,
      description = "rotation + entangler layers (default 2; with --compare 1,2,3,4)")
  List<Integer> layers;

  @Option(names = "--entangler", split = ",", paramLabel = "E[,E...]", order = 3,
      description = "ring (CNOT ring), all-to-all-cz, or none (rotations only) (default ring; with --compare all three)")
  List<String> entanglers;

  @Option(names = "--compare", order = 4, description = "a table over layers 1..4 and all three entanglers")
  boolean compare;

  @Option(names = "--samples", defaultValue = "5000", paramLabel = "M", order = 5,
      description = "fidelity pairs and MW samples (default ${DEFAULT-VALUE}, as Sim et al.)")
  int samples;

  @Option(names = "--bins", defaultValue = "75", paramLabel = "B", order = 6,
      description = "fidelity histogram bins (default ${DEFAULT-VALUE}, as Sim et al.)")
  int bins;

  @Option(names = "--seed", defaultValue = "0", paramLabel = "S", order = 7, description = "seed of the weight draws (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--backend", paramLabel = "NAME", order = 8,
      description = "backend that runs the circuits (default: from the configuration, else exact)")
  String backendName;

  @Option(names = "--shots", defaultValue = "0", paramLabel = "N", order = 9,
      description = "shots per sample (0 = exact, default); with shots the figures are estimates")
  int shots;

  @Option(names = "--plot", paramLabel = "FILE.png", order = 10, description = "also draw KL and Q per ansatz as a PNG")
  Path plot;

  /** One analysed ansatz: its description and figures. */
  record Row(String ansatz, int qubits, int layers, int weights, Expressibility expr, EntanglingCapability mw, double seconds) {}

  @Override
  public Integer call() {
    if (samples < 2) {
      throw new ParameterException(spec.commandLine(), "--samples must be at least 2, got " + samples);
    }
    if (bins < 1) {
      throw new ParameterException(spec.commandLine(), "--bins must be at least 1, got " + bins);
    }
    if (shots < 0) {
      throw new ParameterException(spec.commandLine(), "--shots must be >= 0 (0 = exact), got " + shots);
    }
    var options = new CircuitAnalysis.Options(samples, bins, seed, shots, 2 * Math.PI);
    var config = main.config(b -> {
      if (backendName != null) {
        b.backend(backendName);
      }
    });
    var injector = main.injector(config);
    var jobs = new ArrayList<Job>();
    if (file != null) {
      var c = parse(file);
      jobs.add(new Job(file.getFileName().toString(), 0, c));
    }
    try (var backend = injector.getInstance(Backend.class)) {
      if (file == null) {
        jobs.addAll(projectionJobs(backend));
      }
      var out = main.out();
      out.println(Machine.describe()); // the table has timings
      out.printf(Locale.ROOT, "expressibility = KL(P_circuit || P_Haar) over %d fidelity pairs in %d bins (lower = more"
          + " expressive, max (2^n-1) ln %d; KL_floor = the same estimate for exact Haar draws; mean_F vs Haar 1/2^n); Meyer-Wallach Q over %d samples (mean, sd); seed %d; backend %s, %s%n",
          samples, bins, bins, samples, seed, backend.name(), shots == 0 ? "exact" : shots + " shots");
      out.printf(Locale.ROOT, "%-22s %6s %6s %7s %10s %10s %9s %10s %10s %8s %8s %8s%n", "ansatz", "qubits", "layers",
          "weights", "KL", "KL_floor", "KL_max", "mean_F", "Haar_F", "MW_Q", "Q_sd", "time_s");
      var rows = new ArrayList<Row>();
      for (int i = 0; i < jobs.size(); i++) {
        var j = jobs.get(i);
        if (jobs.size() > 1) {
          main.context().err().printf(Locale.ROOT, "[%d/%d] %s, %d qubits ...%n", i + 1, jobs.size(), j.name, j.circuit.numQubits());
        }
        long t0 = System.nanoTime();
        Expressibility e;
        EntanglingCapability q;
        try {
          e = CircuitAnalysis.expressibility(backend, j.circuit, options);
          q = CircuitAnalysis.entanglingCapability(backend, j.circuit, options);
        } catch (QssmException ex) {
          throw new CommandException(j.name + ": " + ex.getMessage(), ex);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        var row = new Row(j.name, j.circuit.numQubits(), j.layers, CircuitAnalysis.ansatz(j.circuit).weights().size(), e, q, secs);
        rows.add(row);
        double floor = CircuitAnalysis.haarFloor(row.qubits, options).kl();
        out.printf(Locale.ROOT, "%-22s %6d %6s %7d %10.4g %10.4g %9.4g %10.4g %10.4g %8.5f %8.5f %8.2f%n", row.ansatz,
            row.qubits, row.layers == 0 ? "-" : String.valueOf(row.layers), row.weights, e.kl(), floor, e.maxKl(),
            e.meanFidelity(), 1.0 / (1L << row.qubits), q.mean(), q.std(), secs);
        out.flush();
      }
      if (plot != null) {
        AnalysisPlot.write(rows, main.context().workingDirectory().resolve(plot));
        out.println("plot: " + plot);
      }
    }
    return 0;
  }

  private record Job(String name, int layers, Circuit circuit) {}

  private List<Job> projectionJobs(Backend backend) {
    var ns = qubits != null ? qubits : List.of(5);
    var ls = layers != null ? layers : compare ? List.of(1, 2, 3, 4) : List.of(2);
    var es = entanglers != null ? entanglers : compare ? List.of("ring", "all-to-all-cz", "none") : List.of("ring");
    var jobs = new ArrayList<Job>();
    for (int n : ns) {
      if (n < 1 || n > 20) {
        throw new ParameterException(spec.commandLine(), "--qubits must be in 1..20, got " + n);
      }
      for (String e : es) {
        for (int l : ls) {
          if (l < 1) {
            throw new ParameterException(spec.commandLine(), "--layers must be at least 1, got " + l);
          }
          jobs.add(new Job(label(e), l, projectionAnsatz(backend, n, l, e)));
        }
      }
    }
    return jobs;
  }

  private String label(String entangler) {
    switch (entangler.toLowerCase(Locale.ROOT)) {
      case "ring":
        return "Rot + CNOT ring";
      case "all-to-all-cz":
        return "Rot + all-to-all CZ";
      case "none":
        return "Rot only";
      default:
        throw new ParameterException(spec.commandLine(),
            "--entangler must be ring, all-to-all-cz or none, got '" + entangler + "'");
    }
  }

  /** The projection's own circuit (so the table describes what trains), encoding dropped. */
  private Circuit projectionAnsatz(Backend backend, int n, int l, String entangler) {
    if (entangler.equalsIgnoreCase("none")) {
      var b = Circuit.builder(n);
      for (int k = 0; k < l; k++) {
        for (int q = 0; q < n; q++) {
          String p = "w" + k + "_" + q + "_";
          b.rz(Parameter.weight(p + "a"), q).ry(Parameter.weight(p + "b"), q).rz(Parameter.weight(p + "c"), q);
        }
      }
      return b.build();
    }
    var e = entangler.equalsIgnoreCase("ring") ? QuantumProjection.Entangler.CNOT_RING : QuantumProjection.Entangler.ALL_TO_ALL_CZ;
    var options = QuantumProjection.Options.defaults().withLayers(l).withEntangler(e);
    // in = 1, out = 2^n: exactly n qubits; the weights it draws are not used
    var projection = new QuantumProjection(backend, 1, 1 << n, options, new SplittableRandom(0));
    return CircuitAnalysis.ansatz(projection.circuit());
  }

  private Circuit parse(Path path) {
    String source;
    var resolved = main.context().workingDirectory().resolve(path);
    try {
      source = Files.readString(resolved);
    } catch (IOException e) {
      throw new CommandException("cannot read " + path + ": "
          + (Files.isDirectory(resolved) ? "it is a directory" : String.valueOf(e.getMessage())), e);
    }
    try {
      return asWeights(main.context().parser().apply(source));
    } catch (QasmException e) {
      throw new CommandException(path + ":" + e.getMessage(), e);
    } catch (QssmException e) {
      throw new CommandException(path + ": " + e.getMessage(), e);
    }
  }

  // OpenQASM parameters are inputs unless annotated; here every free parameter is sampled
  private static Circuit asWeights(Circuit c) {
    var b = Circuit.builder(c.numQubits());
    c.registers().forEach(r -> b.classicalRegister(r.name(), r.size()));
    for (Instruction ins : c.instructions()) {
      if (ins instanceof GateOperation g) {
        var angles = new ArrayList<Angle>();
        for (var a : g.angles()) {
          var p = a.parameter();
          angles.add(p.isPresent() && !p.get().isWeight()
              ? Angle.of(Parameter.weight(p.get().name()), a.scale(), a.offset()) : a);
        }
        b.append(new GateOperation(g.gate(), angles, g.qubits(), g.controlQubits(), g.controlStates()));
      } else if (!(ins instanceof AmplitudeEncoding)) {
        b.append(ins);
      }
    }
    return b.build();
  }
}
