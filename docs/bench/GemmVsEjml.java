// Dev harness (not part of the build): qssm's Gemm against EJML 0.43.1 on the Mamba shapes.
//   javac -cp core/target/classes:$EJML -d /tmp docs/bench/GemmVsEjml.java
//   java -cp /tmp:core/target/classes:$EJML GemmVsEjml
import java.lang.management.ManagementFactory;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

public class GemmVsEjml {
  public static void main(String[] args) throws Exception {
    var nn = Class.forName("dev.qssm.autograd.Gemm").getDeclaredMethod("nn", int.class, int.class, int.class,
        double[].class, double[].class, double[].class);
    nn.setAccessible(true);
    var tm = ManagementFactory.getThreadMXBean();
    // (m, n, k): in_proj forward / weight gradient, out_proj forward, x_proj forward of config a
    int[][] shapes = {{6272, 1024, 128}, {1024, 128, 6272}, {6272, 128, 512}, {6272, 33, 512}};
    for (int[] s : shapes) {
      var a = DMatrixRMaj.wrap(s[0], s[2], rnd(s[0] * s[2]));
      var b = DMatrixRMaj.wrap(s[2], s[1], rnd(s[2] * s[1]));
      var c = new DMatrixRMaj(s[0], s[1]);
      double flops = 2.0 * s[0] * s[1] * s[2];
      for (int w = 0; w < 3; w++) {
        CommonOps_DDRM.mult(a, b, c);
        nn.invoke(null, s[0], s[1], s[2], a.data, b.data, new double[s[0] * s[1]]);
      }
      int r = 3;
      long t0 = System.nanoTime(), c0 = tm.getCurrentThreadCpuTime();
      for (int i = 0; i < r; i++) {
        CommonOps_DDRM.mult(a, b, c);
      }
      double ejmlWall = (System.nanoTime() - t0) / 1e9 / r, ejmlCpu = (tm.getCurrentThreadCpuTime() - c0) / 1e9 / r;
      var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      long t1 = System.nanoTime(), p1 = os.getProcessCpuTime();
      for (int i = 0; i < r; i++) {
        nn.invoke(null, s[0], s[1], s[2], a.data, b.data, new double[s[0] * s[1]]);
      }
      double qWall = (System.nanoTime() - t1) / 1e9 / r, qCpu = (os.getProcessCpuTime() - p1) / 1e9 / r;
      System.out.printf("m=%d n=%d k=%d | EJML 1 thread %.2f GFLOP/s wall, %.2f per CPU-s | qssm %.2f GFLOP/s wall,"
          + " %.2f per CPU-s%n", s[0], s[1], s[2], flops / ejmlWall / 1e9, flops / ejmlCpu / 1e9, flops / qWall / 1e9,
          flops / qCpu / 1e9);
    }
  }

  static double[] rnd(int n) {
    var v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = Math.random();
    }
    return v;
  }
}
