package dev.qssm.simulator.bench;

import dev.qssm.backend.BackendConfig;
import dev.qssm.backend.Readout;
import dev.qssm.backend.Task;
import dev.qssm.bench.Machine;
import dev.qssm.circuit.Circuit;
import dev.qssm.simulator.NoisyBackend;
import dev.qssm.simulator.noise.Channel;
import dev.qssm.simulator.noise.NoiseModel;
import dev.qssm.simulator.noise.ReadoutError;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/** The {@code qssm bench noisy} measurements. */
public final class NoisyBench {
  private NoisyBench() {}

  /** Runs the benchmark and prints Markdown tables to {@code out}; {@code quick} trims sizes for a smoke run. */
  public static void run(PrintStream out, boolean quick) {
    out.println("## qssm noisy simulator benchmark" + (quick ? " (quick)" : ""));
    out.println();
    out.println(Machine.describe());
    out.println("Noise: depolarizing 0.001 (1q) / 0.01 (2q), thermal relaxation T1 = 100 µs, T2 = 80 µs over"
        + " 35 ns (1q) / 300 ns (2q), readout 2%. One thread; medians of repetitions.");
    out.println();
    var noise = model();
    int n = 10;
    int gates = quick ? 20 : 200;
    int shots = quick ? 200 : 10_000;
    var circuit = circuit(n, gates, new Random(1));
    out.printf(Locale.ROOT, "### %d qubits, %d gates, %d shots%n%n", n, gates, shots);
    out.println("| method | seconds | shots / s |");
    out.println("|---|---:|---:|");
    for (var method : new String[] {"density", "trajectories"}) {
      int trajShots = shots;
      try (var b = backend(method, noise)) {
        var task = Task.builder(circuit).readout(Readout.probabilities()).shots(trajShots).seed(1).build();
        double s = median(quick || method.equals("trajectories") ? 1 : 3, () -> b.run(task));
        out.printf(Locale.ROOT, "| %s | %.3f | %.0f |%n", method.equals("density")
            ? "density matrix, then sampling" : "trajectories", s, trajShots / s);
      }
    }
    out.println();
    out.println("### Density-matrix gate time");
    out.println();
    out.println("Per gate and per density-matrix entry (4^n entries), noiseless gates and gates each"
        + " followed by their channels.");
    out.println();
    out.println("| qubits | entries | ns / entry / gate (ideal) | ns / entry / gate (noisy) |");
    out.println("|---:|---:|---:|---:|");
    for (int q : quick ? new int[] {5, 6} : new int[] {8, 10, 12}) {
      int g = q >= 12 ? 20 : 60;
      var c = circuit(q, g, new Random(q));
      double entries = Math.pow(4, q);
      double ideal;
      double noisy;
      try (var b = backend("density", NoiseModel.none())) {
        var task = Task.builder(c).readout(Readout.probabilities(0)).build();
        ideal = median(quick ? 1 : 3, () -> b.run(task)) * 1e9 / g / entries;
      }
      try (var b = backend("density", noise)) {
        var task = Task.builder(c).readout(Readout.probabilities(0)).build();
        noisy = median(quick ? 1 : 3, () -> b.run(task)) * 1e9 / g / entries;
      }
      out.printf(Locale.ROOT, "| %d | %.0f | %.2f | %.2f |%n", q, entries, ideal, noisy);
    }
  }

  static NoiseModel model() {
    return NoiseModel.builder()
        .oneQubitGates(Channel.thermalRelaxation(100e-6, 80e-6, 35e-9).then(Channel.depolarizing(0.001)))
        .twoQubitGates(Channel.tensor(Channel.thermalRelaxation(100e-6, 80e-6, 300e-9),
            Channel.thermalRelaxation(100e-6, 80e-6, 300e-9)).then(Channel.depolarizing2(0.01)))
        .readout(ReadoutError.symmetric(0.02))
        .description("bench")
        .build();
  }

  private static NoisyBackend backend(String method, NoiseModel noise) {
    return new NoisyBackend(BackendConfig.of("noisy", Map.of("method", method, "threads", 1)), noise);
  }

  /** Random rx/ry/rz/h/sx and cx/cz on neighbours: a typical hardware-efficient layer mix. */
  static Circuit circuit(int n, int gates, Random rnd) {
    var b = Circuit.builder(n);
    for (int g = 0; g < gates; g++) {
      int q = rnd.nextInt(n);
      int r = (q + 1 + rnd.nextInt(n - 1)) % n;
      switch (rnd.nextInt(7)) {
        case 0 -> b.rx(rnd.nextDouble() * 6, q);
        case 1 -> b.ry(rnd.nextDouble() * 6, q);
        case 2 -> b.rz(rnd.nextDouble() * 6, q);
        case 3 -> b.h(q);
        case 4 -> b.sx(q);
        case 5 -> b.cx(q, r);
        default -> b.cz(q, r);
      }
    }
    return b.build();
  }

  private static double median(int reps, Runnable body) {
    var t = new double[reps];
    for (int i = 0; i < reps; i++) {
      long start = System.nanoTime();
      body.run();
      t[i] = (System.nanoTime() - start) / 1e9;
    }
    Arrays.sort(t);
    return t[reps / 2];
  }

}
