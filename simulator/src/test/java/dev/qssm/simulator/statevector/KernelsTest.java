package dev.qssm.simulator.statevector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Every kernel, shape and placement against a naive flat implementation. */
class KernelsTest {
  private static final Par TWO = new Par(2, 1);
  private final Random rnd = new Random(91);

  @AfterAll
  static void close() {
    TWO.close();
  }

  /** Naive: for every index where controls fire and targets are 0, multiply the 2^k gathered amplitudes. */
  static void naive(double[] re, double[] im, int[] t, int cMask, int cVal, double[] mr, double[] mi) {
    int dim = 1 << t.length;
    int tMask = Kernels.mask(t);
    for (int i = 0; i < re.length; i++) {
      if ((i & tMask) != 0 || (i & cMask) != cVal) {
        continue;
      }
      var idx = new int[dim];
      var gr = new double[dim];
      var gi = new double[dim];
      for (int j = 0; j < dim; j++) {
        idx[j] = i;
        for (int b = 0; b < t.length; b++) {
          if ((j >> b & 1) != 0) {
            idx[j] |= 1 << t[b];
          }
        }
        gr[j] = re[idx[j]];
        gi[j] = im[idx[j]];
      }
      for (int r = 0; r < dim; r++) {
        double sr = 0;
        double si = 0;
        for (int c = 0; c < dim; c++) {
          sr += mr[r * dim + c] * gr[c] - mi[r * dim + c] * gi[c];
          si += mr[r * dim + c] * gi[c] + mi[r * dim + c] * gr[c];
        }
        re[idx[r]] = sr;
        im[idx[r]] = si;
      }
    }
  }

  /** A random matrix of a chosen structure. */
  double[][] matrix(int k, int shape) {
    int dim = 1 << k;
    var re = new double[dim * dim];
    var im = new double[dim * dim];
    double c = rnd.nextGaussian();
    double s = rnd.nextGaussian();
    switch (k == 1 ? shape : shape % 4 + 10) {
      case 0: // rot
        re[0] = c; re[1] = -s; re[2] = s; re[3] = c;
        break;
      case 1: // reflection
        re[0] = c; re[1] = s; re[2] = s; re[3] = -c;
        break;
      case 2: // rx
        re[0] = c; re[3] = c; im[1] = -s; im[2] = -s;
        break;
      case 3: // real
        for (int e = 0; e < 4; e++) {
          re[e] = rnd.nextGaussian();
        }
        break;
      case 4: // diagonal
        re[0] = c; im[0] = s; re[3] = s; im[3] = -c;
        break;
      case 11: // cross blocks
        for (int r = 0; r < 4; r++) {
          re[r * 4 + r] = rnd.nextGaussian();
          im[r * 4 + 3 - r] = rnd.nextGaussian();
          re[r * 4 + 3 - r] = rnd.nextGaussian();
        }
        break;
      case 12: // diagonal
        for (int r = 0; r < 4; r++) {
          re[r * 5] = rnd.nextGaussian();
          im[r * 5] = rnd.nextGaussian();
        }
        break;
      default: // dense complex
        for (int e = 0; e < dim * dim; e++) {
          re[e] = rnd.nextGaussian();
          im[e] = rnd.nextGaussian();
        }
    }
    return new double[][] {re, im};
  }

  static Kernels.Kind kindOf(double[][] m) {
    int dim = (int) Math.round(Math.sqrt(m[0].length));
    for (int r = 0; r < dim; r++) {
      for (int c = 0; c < dim; c++) {
        if (r != c && (m[0][r * dim + c] != 0 || m[1][r * dim + c] != 0)) {
          return Kernels.Kind.GEN;
        }
      }
    }
    return Kernels.Kind.DIAG;
  }

  private Amps load(double[] re, double[] im, int n, int l) {
    var a = Amps.chunked(n, l);
    for (int i = 0; i < re.length; i++) {
      a.re[i >>> a.l][i & (a.w - 1)] = re[i];
      a.im[i >>> a.l][i & (a.w - 1)] = im[i];
    }
    return a;
  }

  private static void assertSame(double[] re, double[] im, View v, String what) {
    for (int i = 0; i < re.length; i++) {
      assertEquals(re[i], Evolution.get(v.re(), v, i), 1e-12, what + " re " + i);
      assertEquals(im[i], Evolution.get(v.im(), v, i), 1e-12, what + " im " + i);
    }
  }

  @Test
  void everyPlacementAndShapeMatchesTheNaiveKernel() {
    for (int trial = 0; trial < 400; trial++) {
      int n = 1 + rnd.nextInt(7);
      int k = 1 + rnd.nextInt(Math.min(3, n));
      var qs = new int[n];
      for (int i = 0; i < n; i++) {
        qs[i] = i;
      }
      for (int i = n - 1; i > 0; i--) {
        int j = rnd.nextInt(i + 1);
        int x = qs[i];
        qs[i] = qs[j];
        qs[j] = x;
      }
      var t = java.util.Arrays.copyOf(qs, k);
      int cMask = 0;
      int cVal = 0;
      for (int i = k; i < n; i++) {
        if (rnd.nextInt(3) == 0) {
          cMask |= 1 << qs[i];
          if (rnd.nextBoolean()) {
            cVal |= 1 << qs[i];
          }
        }
      }
      var m = matrix(k, rnd.nextInt(6));
      var kind = k <= 2 && rnd.nextInt(6) == 0 ? Kernels.Kind.PERM : kindOf(m);
      if (kind == Kernels.Kind.PERM) {
        m = k == 1 ? new double[][] {{0, 1, 1, 0}, new double[4]} : swapMatrix();
      }
      int dim = 1 << n;
      var re = new double[dim];
      var im = new double[dim];
      for (int i = 0; i < dim; i++) {
        re[i] = rnd.nextGaussian();
        im[i] = rnd.nextGaussian();
      }
      var mat = Mat.shared(1 << k, m[0], m[1]);
      String what = "n=" + n + " t=" + java.util.Arrays.toString(t) + " c=" + cMask + "/" + cVal + " " + kind;
      var expRe = re.clone();
      var expIm = im.clone();
      naive(expRe, expIm, t, cMask, cVal, m[0], m[1]);
      for (int l = 0; l <= n; l++) {
        var a = load(re, im, n, l);
        Kernels.apply(a, t, cMask, cVal, mat, kind, l % 2 == 0 ? Par.SERIAL : TWO);
        assertSame(expRe, expIm, a.view(0), what + " l=" + l);
      }
      // a batch of three lanes: shared matrix, then one matrix per lane
      var batch = Amps.batch(n, 3);
      for (int x = 0; x < 3; x++) {
        var v = batch.view(x);
        for (int i = 0; i < dim; i++) {
          Evolution.set(v.re(), v, i, re[i] * (x + 1));
          Evolution.set(v.im(), v, i, im[i] * (x + 1));
        }
      }
      Kernels.apply(batch, t, cMask, cVal, mat, kind, TWO);
      for (int x = 0; x < 3; x++) {
        var er = new double[dim];
        var ei = new double[dim];
        for (int i = 0; i < dim; i++) {
          er[i] = expRe[i] * (x + 1);
          ei[i] = expIm[i] * (x + 1);
        }
        assertSame(er, ei, batch.view(x), what + " batch lane " + x);
      }
      if (kind != Kernels.Kind.PERM) {
        perLane(n, t, cMask, cVal, k, kind, re, im, what);
      }
    }
  }

  private void perLane(int n, int[] t, int cMask, int cVal, int k, Kernels.Kind kind, double[] re, double[] im,
      String what) {
    int lanes = 3;
    int d = 1 << k;
    var per = Mat.perLane(d, lanes);
    var ms = new double[lanes][][];
    for (int x = 0; x < lanes; x++) {
      ms[x] = kind == Kernels.Kind.DIAG ? diag(k) : matrix(k, 5);
      for (int e = 0; e < d * d; e++) {
        per.lre[e][x] = ms[x][0][e];
        per.lim[e][x] = ms[x][1][e];
      }
    }
    var batch = Amps.batch(n, lanes);
    for (int x = 0; x < lanes; x++) {
      var v = batch.view(x);
      for (int i = 0; i < re.length; i++) {
        Evolution.set(v.re(), v, i, re[i]);
        Evolution.set(v.im(), v, i, im[i]);
      }
    }
    Kernels.apply(batch, t, cMask, cVal, per, kind, Par.SERIAL);
    for (int x = 0; x < lanes; x++) {
      var er = re.clone();
      var ei = im.clone();
      naive(er, ei, t, cMask, cVal, ms[x][0], ms[x][1]);
      assertSame(er, ei, batch.view(x), what + " per-lane " + x);
    }
  }

  private double[][] diag(int k) {
    int d = 1 << k;
    var re = new double[d * d];
    var im = new double[d * d];
    for (int r = 0; r < d; r++) {
      re[r * (d + 1)] = rnd.nextGaussian();
      im[r * (d + 1)] = rnd.nextGaussian();
    }
    return new double[][] {re, im};
  }

  private static double[][] swapMatrix() {
    var re = new double[16];
    re[0] = 1;
    re[1 * 4 + 2] = 1;
    re[2 * 4 + 1] = 1;
    re[15] = 1;
    return new double[][] {re, new double[16]};
  }

  @Test
  void innerProductsMatchTheNaiveSum() {
    for (int trial = 0; trial < 200; trial++) {
      int n = 1 + rnd.nextInt(6);
      int k = 1 + rnd.nextInt(Math.min(2, n));
      var t = new int[k];
      t[0] = rnd.nextInt(n);
      if (k == 2) {
        do {
          t[1] = rnd.nextInt(n);
        } while (t[1] == t[0]);
      }
      int free = ((1 << n) - 1) & ~Kernels.mask(t);
      int cMask = free & rnd.nextInt(1 << n);
      int cVal = cMask & rnd.nextInt(1 << n);
      var m = matrix(k, rnd.nextInt(6));
      int dim = 1 << n;
      var pr = new double[dim];
      var pi = new double[dim];
      var lr = new double[dim];
      var li = new double[dim];
      for (int i = 0; i < dim; i++) {
        pr[i] = rnd.nextGaussian();
        pi[i] = rnd.nextGaussian();
        lr[i] = rnd.nextGaussian();
        li[i] = rnd.nextGaussian();
      }
      // naive: Re<lam| P dM |psi> = Re<lam| (dM applied where controls fire, 0 elsewhere) psi>
      var zr = pr.clone();
      var zi = pi.clone();
      naive(zr, zi, t, cMask, cVal, m[0], m[1]);
      double expected = 0;
      for (int i = 0; i < dim; i++) {
        if ((i & cMask) == cVal) {
          expected += lr[i] * zr[i] + li[i] * zi[i];
        }
      }
      boolean diag = kindOf(m) == Kernels.Kind.DIAG;
      var mat = Mat.shared(1 << k, m[0], m[1]);
      for (int l = 0; l <= n; l++) {
        var acc = new double[1];
        Kernels.inner(load(lr, li, n, l), load(pr, pi, n, l), t, cMask, cVal, mat, diag, l % 2 == 0 ? Par.SERIAL : TWO,
            acc);
        assertEquals(expected, acc[0], 1e-10, "n=" + n + " l=" + l);
      }
      var lam = Amps.batch(n, 2);
      var psi = Amps.batch(n, 2);
      for (int x = 0; x < 2; x++) {
        for (int i = 0; i < dim; i++) {
          Evolution.set(lam.re, lam.view(x), i, lr[i]);
          Evolution.set(lam.im, lam.view(x), i, li[i]);
          Evolution.set(psi.re, psi.view(x), i, pr[i] * (x + 1));
          Evolution.set(psi.im, psi.view(x), i, pi[i] * (x + 1));
        }
      }
      var acc = new double[2];
      Kernels.inner(lam, psi, t, cMask, cVal, mat, diag, TWO, acc);
      assertEquals(expected, acc[0], 1e-10);
      assertEquals(2 * expected, acc[1], 1e-10);
    }
  }
}
