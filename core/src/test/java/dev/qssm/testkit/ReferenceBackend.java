package dev.qssm.testkit;

import dev.qssm.backend.Backend;
import dev.qssm.backend.Capabilities;
import dev.qssm.backend.Readout;
import dev.qssm.backend.ResultMetadata;
import dev.qssm.backend.Task;
import dev.qssm.backend.TaskResult;
import dev.qssm.backend.UnsupportedCircuitException;
import dev.qssm.circuit.AmplitudeEncoding;
import dev.qssm.circuit.Angle;
import dev.qssm.circuit.Circuit;
import dev.qssm.circuit.GateMatrix;
import dev.qssm.circuit.GateOperation;
import dev.qssm.circuit.Instruction;
import dev.qssm.circuit.Measurement;
import dev.qssm.circuit.PauliString;
import dev.qssm.circuit.Reset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The obviously-correct backend: a slow, plain statevector that applies every gate by gathering
 * its 2^k target amplitudes at each basis index whose controls fire. Exact only, terminal
 * measurements only, no fast paths. Fast backends are tested against it.
 */
public final class ReferenceBackend implements Backend {

  @Override
  public String name() {
    return "reference";
  }

  @Override
  public Capabilities capabilities() {
    return Capabilities.builder().maxQubits(16).shots(false).build();
  }

  @Override
  public List<TaskResult> run(List<Task> tasks) {
    var out = new ArrayList<TaskResult>();
    for (var task : tasks) {
      capabilities().check(task, name());
      var values = new double[task.rows()][];
      for (int r = 0; r < task.rows(); r++) {
        var state = simulate(task.circuit(), task.bindings()[r]);
        values[r] = read(task.circuit(), task.readout(), state);
      }
      out.add(new TaskResult(values, null, ResultMetadata.of(name(), 0, null, Duration.ZERO)));
    }
    return out;
  }

  /** The final state vector {re, im} of {@code circuit} for one binding row. */
  public static double[][] simulate(Circuit circuit, double[] binding) {
    int n = circuit.numQubits();
    var re = new double[1 << n];
    var im = new double[1 << n];
    re[0] = 1;
    for (Instruction ins : circuit.instructions()) {
      if (ins instanceof GateOperation g) {
        var angles = new double[g.angles().size()];
        for (int i = 0; i < angles.length; i++) {
          Angle a = g.angles().get(i);
          angles[i] = a.value(a.parameter().map(p -> binding[circuit.parameterIndex(p)]).orElse(0.0));
        }
        apply(re, im, g.matrix(angles), g.targets(), g.allControls(), g.allControlStates());
      } else if (ins instanceof AmplitudeEncoding enc) {
        var vals = enc.inputs().stream().mapToDouble(p -> binding[circuit.parameterIndex(p)]).toArray();
        encode(re, im, enc.qubits(), enc.normalisedAmplitudes(vals));
      } else if (ins instanceof Reset) {
        throw new UnsupportedCircuitException("reference backend: reset is not supported");
      }
    }
    if (circuit.hasMidCircuitOperations()) {
      throw new UnsupportedCircuitException("reference backend: mid-circuit measurement is not supported");
    }
    return new double[][] {re, im};
  }

  private static void apply(double[] re, double[] im, GateMatrix m, int[] targets, int[] controls, boolean[] states) {
    int k = targets.length;
    int dim = 1 << k;
    var gr = new double[dim];
    var gi = new double[dim];
    var idx = new int[dim];
    for (int base = 0; base < re.length; base++) {
      boolean isBase = true;
      for (int t : targets) {
        isBase &= ((base >> t) & 1) == 0;
      }
      for (int c = 0; c < controls.length; c++) {
        isBase &= (((base >> controls[c]) & 1) == 1) == states[c];
      }
      if (!isBase) {
        continue;
      }
      for (int j = 0; j < dim; j++) {
        int i = base;
        for (int b = 0; b < k; b++) {
          if (((j >> b) & 1) == 1) {
            i |= 1 << targets[b];
          }
        }
        idx[j] = i;
        gr[j] = re[i];
        gi[j] = im[i];
      }
      for (int row = 0; row < dim; row++) {
        double sr = 0, si = 0;
        for (int col = 0; col < dim; col++) {
          double mr = m.re(row, col), mi = m.im(row, col);
          sr += mr * gr[col] - mi * gi[col];
          si += mr * gi[col] + mi * gr[col];
        }
        re[idx[row]] = sr;
        im[idx[row]] = si;
      }
    }
  }

  private static void encode(double[] re, double[] im, int[] qubits, double[] amps) {
    var nr = new double[re.length];
    var ni = new double[im.length];
    int mask = 0;
    for (int q : qubits) {
      mask |= 1 << q;
    }
    for (int base = 0; base < re.length; base++) {
      if ((base & mask) != 0) {
        continue;
      }
      for (int j = 0; j < amps.length; j++) {
        int i = base;
        for (int b = 0; b < qubits.length; b++) {
          if (((j >> b) & 1) == 1) {
            i |= 1 << qubits[b];
          }
        }
        nr[i] = re[base] * amps[j];
        ni[i] = im[base] * amps[j];
      }
    }
    System.arraycopy(nr, 0, re, 0, re.length);
    System.arraycopy(ni, 0, im, 0, im.length);
  }

  /** The readout values of a final state (measurements are taken to be terminal). */
  public static double[] read(Circuit circuit, Readout readout, double[][] state) {
    var re = state[0];
    var im = state[1];
    if (readout instanceof Readout.Probabilities p) {
      return p.truncate(marginal(re, im, p.qubitsOf(circuit)));
    }
    if (readout instanceof Readout.Expectations e) {
      var out = new double[e.observables().size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = expectation(re, im, e.observables().get(i));
      }
      return out;
    }
    var ms = circuit.measurements();
    if (readout instanceof Readout.Marginals) {
      var out = new double[ms.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = marginal(re, im, new int[] {ms.get(i).qubit()})[1];
      }
      return out;
    }
    // classical bits: the last measurement into each clbit decides it; unmeasured bits stay 0
    int nc = circuit.numClbits();
    var writer = new int[nc];
    java.util.Arrays.fill(writer, -1);
    for (Measurement m : ms) {
      writer[m.clbit()] = m.qubit();
    }
    var out = new double[1 << nc];
    for (int i = 0; i < re.length; i++) {
      double pr = re[i] * re[i] + im[i] * im[i];
      int bits = 0;
      for (int c = 0; c < nc; c++) {
        if (writer[c] >= 0 && ((i >> writer[c]) & 1) == 1) {
          bits |= 1 << c;
        }
      }
      out[bits] += pr;
    }
    return out;
  }

  private static double[] marginal(double[] re, double[] im, int[] qubits) {
    var out = new double[1 << qubits.length];
    for (int i = 0; i < re.length; i++) {
      int j = 0;
      for (int b = 0; b < qubits.length; b++) {
        j |= ((i >> qubits[b]) & 1) << b;
      }
      out[j] += re[i] * re[i] + im[i] * im[i];
    }
    return out;
  }

  private static double expectation(double[] re, double[] im, PauliString p) {
    // <psi| P |psi> with P applied entry by entry: P|i> = phase * |i ^ flip>
    int flip = 0;
    for (int k = 0; k < p.qubits().length; k++) {
      char op = p.ops().charAt(k);
      if (op == 'X' || op == 'Y') {
        flip |= 1 << p.qubits()[k];
      }
    }
    double sum = 0;
    for (int i = 0; i < re.length; i++) {
      // phase of P acting on |i>: product over ops; Y|0>=i|1>, Y|1>=-i|0>, Z|1>=-|1>
      double pr = 1, pi = 0;
      for (int k = 0; k < p.qubits().length; k++) {
        int bit = (i >> p.qubits()[k]) & 1;
        char op = p.ops().charAt(k);
        double fr, fi;
        if (op == 'Z') {
          fr = bit == 0 ? 1 : -1;
          fi = 0;
        } else if (op == 'Y') {
          fr = 0;
          fi = bit == 0 ? 1 : -1;
        } else {
          fr = 1;
          fi = 0;
        }
        double t = pr * fr - pi * fi;
        pi = pr * fi + pi * fr;
        pr = t;
      }
      int j = i ^ flip;
      // contribution conj(psi_j) * phase * psi_i
      double ar = pr * re[i] - pi * im[i];
      double ai = pr * im[i] + pi * re[i];
      sum += re[j] * ar + im[j] * ai;
    }
    return sum;
  }
}
