package dev.qssm.simulator.statevector;

import dev.qssm.circuit.Circuit;
import dev.qssm.circuit.GateOperation;

/**
 * Entry points for {@code SimulatorBench}: a state to apply single gates to, a memory streaming
 * pass over the same arrays, and the real matrix product. Not part of the API.
 */
public final class BenchProbe implements AutoCloseable {
  private final Par par;
  private final int laneQubits;

  /** Threads as in the exact backend; {@code parallelThreshold} 1 splits every state. */
  public BenchProbe(int threads, int laneQubits) {
    this.par = new Par(threads, 1 << 12);
    this.laneQubits = laneQubits;
  }

  /** An n-qubit state in the exact backend's single-state layout, initialised to a spread-out state. */
  public final class State {
    final Amps amps;

    State(int n) {
      amps = Amps.chunked(n, laneQubits);
      double v = Math.sqrt(1.0 / (1L << n));
      for (var row : amps.re) {
        java.util.Arrays.fill(row, v);
      }
    }
  }

  public State state(int n) {
    return new State(n);
  }

  /** A gate with constant angles, compiled once for {@code n} qubits. */
  public static final class Op {
    final Program.GateStep step;

    Op(Program.GateStep step) {
      this.step = step;
    }
  }

  public static Op compile(int n, GateOperation op) {
    return new Op(Program.compile(Circuit.builder(n).append(op).build()).gates().get(0));
  }

  /** Applies one compiled gate. */
  public void apply(State s, Op op) {
    var g = op.step;
    Kernels.apply(s.amps, g.targets, g.cMask, g.cVal, g.constant, g.kind, par);
  }

  /** Reads and writes every amplitude once (32 bytes each): the memory-bandwidth bound of a gate. */
  public void stream(State s, double factor) {
    var a = s.amps;
    par.range(a.arrays(), a.w, (from, to) -> {
      for (int k = from; k < to; k++) {
        Kernels.scale(a.re[k], a.im[k], a.w, factor, 0);
      }
    });
  }

  /** C = A B (row-major arrays of rows; A m x k, B k x n), or with B stored transposed. */
  public void multiply(double[][] a, double[][] b, boolean transB, double[][] c) {
    int k = a[0].length;
    int n = transB ? b.length : b[0].length;
    Gemm.multiply(a, false, b, transB, c, false, a.length, n, k, par);
  }

  /** C = Aᵀ B with A stored k x m. */
  public void multiplyTransposedA(double[][] a, double[][] b, double[][] c) {
    Gemm.multiply(a, true, b, false, c, false, a[0].length, b[0].length, a.length, par);
  }

  @Override
  public void close() {
    par.close();
  }
}
