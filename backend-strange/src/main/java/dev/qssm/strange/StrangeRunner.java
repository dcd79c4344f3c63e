package dev.qssm.strange;

import dev.qssm.backend.BackendException;
import dev.qssm.backend.UnsupportedCircuitException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.logging.Logger;
import org.redfx.strange.Complex;
import org.redfx.strange.Program;
import org.redfx.strange.Result;
import org.redfx.strange.Step;
import org.redfx.strange.local.SimpleQuantumExecutionEnvironment;

/** Runs Steps on Strange and returns the final state {re, im} in double arrays (qubit 0 = LSB). */
final class StrangeRunner {
  private static final Logger LOG = Logger.getLogger(StrangeRunner.class.getName());
  private static final int ATTEMPTS = 3;

  private StrangeRunner() {}

  static double[][] finalState(int n, List<Step> steps) {
    var re = new double[1 << n];
    var im = new double[1 << n];
    if (steps.isEmpty()) {
      re[0] = 1; // Strange 0.1.3 crashes on a Program without Steps; the state is |0...0>
      return new double[][] {re, im};
    }
    checkMemory(n, steps.size());
    Complex[] amps = null;
    for (int attempt = 1; amps == null; attempt++) {
      // a Program caches its decomposition and last Result: build a fresh one per attempt
      Program program = Translation.program(n, attempt == 1 ? steps : copy(steps));
      try {
        Result result = Silence.during(() -> new SimpleQuantumExecutionEnvironment().runProgram(program));
        amps = result.getProbability();
      } catch (ArrayIndexOutOfBoundsException e) {
        // Result.measureSystem draws one Math.random() sample after the run and overruns its
        // array when float rounding left the norm below the draw: the state was fine, try again
        if (attempt >= ATTEMPTS) {
          throw new BackendException("strange: the run failed " + ATTEMPTS + " times in Strange's own sampling", e);
        }
        LOG.fine(() -> "strange: retrying after Strange's sampling overran (" + e.getMessage() + ")");
      } catch (RuntimeException e) {
        throw new BackendException("strange: Strange failed on a " + n + "-qubit program of " + steps.size()
            + " Steps: " + e, e);
      }
    }
    for (int i = 0; i < amps.length; i++) {
      re[i] = amps[i].r;
      im[i] = amps[i].i;
    }
    return new double[][] {re, im};
  }

  /**
   * Strange keeps the state after every Step (a boxed float pair and a reference per amplitude,
   * about 28 bytes), so a deep wide circuit can exhaust the heap: refuse it up front instead.
   */
  private static void checkMemory(int n, int steps) {
    long need = (steps + 2L) * (28L << n);
    long max = Runtime.getRuntime().maxMemory();
    if (need > max / 2) {
      throw new UnsupportedCircuitException(String.format(java.util.Locale.ROOT,
          "backend 'strange': a %d-qubit circuit lowered to %d Steps needs about %d MB of heap (Strange keeps"
              + " every intermediate state) but the JVM has %d MB; use fewer qubits or gates, a larger -Xmx,"
              + " or the exact backend", n, steps, need >> 20, max >> 20));
    }
  }

  /** Fresh Step objects: Strange marks a Step with its index in the Program that holds it. */
  private static List<Step> copy(List<Step> steps) {
    return steps.stream().map(s -> new Step(s.getGates().toArray(new org.redfx.strange.Gate[0]))).toList();
  }

  /**
   * Strange writes to System.out/err in places. While a run is on, the process-wide streams are
   * replaced by ones that drop what the running threads print and pass everything else through.
   */
  static final class Silence {
    private static final ThreadLocal<Boolean> MUTED = ThreadLocal.withInitial(() -> false);
    private static int active;
    private static PrintStream savedOut;
    private static PrintStream savedErr;

    interface Body<T> {
      T run();
    }

    static <T> T during(Body<T> body) {
      enter();
      MUTED.set(true);
      try {
        return body.run();
      } finally {
        MUTED.set(false);
        exit();
      }
    }

    private static synchronized void enter() {
      if (active++ == 0) {
        savedOut = System.out;
        savedErr = System.err;
        System.setOut(filtered(savedOut));
        System.setErr(filtered(savedErr));
      }
    }

    private static synchronized void exit() {
      if (--active == 0) {
        System.setOut(savedOut);
        System.setErr(savedErr);
      }
    }

    private static PrintStream filtered(PrintStream target) {
      return new PrintStream(new OutputStream() {
        @Override
        public void write(int b) {
          if (!MUTED.get()) {
            target.write(b);
          }
        }

        @Override
        public void write(byte[] b, int off, int len) {
          if (!MUTED.get()) {
            target.write(b, off, len);
          }
        }

        @Override
        public void flush() {
          target.flush();
        }
      }, true);
    }
  }
}
