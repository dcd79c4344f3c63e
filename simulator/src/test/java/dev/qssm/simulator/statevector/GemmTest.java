package dev.qssm.simulator.statevector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The blocked product against the textbook triple loop, over shapes that cross every block edge. */
class GemmTest {
  private static final Par TWO = new Par(2, 1);
  private final Random rnd = new Random(17);

  @AfterAll
  static void close() {
    TWO.close();
  }

  private double[][] random(int rows, int cols) {
    var x = new double[rows][cols];
    for (var row : x) {
      for (int j = 0; j < cols; j++) {
        row[j] = rnd.nextGaussian();
      }
    }
    return x;
  }

  private static double[][] transpose(double[][] x, int rows, int cols) {
    var t = new double[cols][rows];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        t[j][i] = x[i][j];
      }
    }
    return t;
  }

  @Test
  void everyTransposeAndAccumulateAgreesWithTheTripleLoop() {
    // m, n, k: odd sizes, one below/above MC = 64, NC = 256, KC = 128, and the 4-step k unrolling
    int[][] shapes = {{1, 1, 1}, {2, 3, 0}, {3, 5, 7}, {65, 257, 129}, {130, 300, 131}, {64, 256, 128}, {2, 513, 3}};
    for (var s : shapes) {
      int m = s[0], n = s[1], k = s[2];
      var a = random(m, k);
      var b = random(k, n);
      var c0 = random(m, n);
      for (boolean transA : new boolean[] {false, true}) {
        for (boolean transB : new boolean[] {false, true}) {
          for (boolean accumulate : new boolean[] {false, true}) {
            var c = new double[m][];
            for (int i = 0; i < m; i++) {
              c[i] = c0[i].clone();
            }
            Gemm.multiply(transA ? transpose(a, m, k) : a, transA, transB ? transpose(b, k, n) : b, transB, c, accumulate,
                m, n, k, TWO);
            for (int i = 0; i < m; i++) {
              for (int j = 0; j < n; j++) {
                double want = accumulate ? c0[i][j] : 0;
                for (int p = 0; p < k; p++) {
                  want += a[i][p] * b[p][j];
                }
                assertEquals(want, c[i][j], 1e-12 * (1 + k),
                    () -> String.format("%dx%dx%d transA %s transB %s accumulate %s", m, n, k, transA, transB,
                        accumulate));
              }
            }
          }
        }
      }
    }
  }
}
