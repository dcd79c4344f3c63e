package dev.qssm.circuit;

/**
 * A dense complex matrix, row-major, split into real and imaginary parts. Index bit j of a row or
 * column belongs to the gate's j-th target qubit (little-endian, as everywhere in qssm).
 */
public record GateMatrix(int dim, double[] re, double[] im) {
  public GateMatrix {
    if (re.length != dim * dim || im.length != dim * dim) {
      throw new IllegalArgumentException("matrix arrays must have dim*dim = " + dim * dim + " entries");
    }
  }

  public double re(int row, int col) {
    return re[row * dim + col];
  }

  public double im(int row, int col) {
    return im[row * dim + col];
  }

  /** True when every off-diagonal entry is exactly zero (simulators use cheaper kernels then). */
  public boolean isDiagonal() {
    for (int r = 0; r < dim; r++) {
      for (int c = 0; c < dim; c++) {
        if (r != c && (re[r * dim + c] != 0 || im[r * dim + c] != 0)) {
          return false;
        }
      }
    }
    return true;
  }

  /** The product this · other (apply other first, then this). */
  public GateMatrix times(GateMatrix other) {
    if (other.dim != dim) {
      throw new IllegalArgumentException("cannot multiply a " + dim + "x" + dim + " matrix by a " + other.dim + "x"
          + other.dim + " one");
    }
    var r = new double[dim * dim];
    var i = new double[dim * dim];
    for (int a = 0; a < dim; a++) {
      for (int b = 0; b < dim; b++) {
        double sr = 0;
        double si = 0;
        for (int k = 0; k < dim; k++) {
          double xr = re[a * dim + k], xi = im[a * dim + k];
          double yr = other.re[k * dim + b], yi = other.im[k * dim + b];
          sr += xr * yr - xi * yi;
          si += xr * yi + xi * yr;
        }
        r[a * dim + b] = sr;
        i[a * dim + b] = si;
      }
    }
    return new GateMatrix(dim, r, i);
  }

  /** The conjugate transpose. */
  public GateMatrix adjoint() {
    var r = new double[dim * dim];
    var i = new double[dim * dim];
    for (int a = 0; a < dim; a++) {
      for (int b = 0; b < dim; b++) {
        r[b * dim + a] = re[a * dim + b];
        i[b * dim + a] = -im[a * dim + b];
      }
    }
    return new GateMatrix(dim, r, i);
  }
}
