package dev.dgmspark.quality;

/**
 * The Fréchet distance between two Gaussians fitted to feature vectors (the FID formula, Heusel et al. 2017):
 * ‖μ₁ − μ₂‖² + tr(Σ₁) + tr(Σ₂) − 2·tr((Σ₁^½ Σ₂ Σ₁^½)^½).
 *
 * <p>Matrix square roots come from symmetric eigendecompositions (Jacobi rotations, plain Java: the feature spaces
 * here have tens of dimensions).
 */
public final class FrechetDistance {
  private static final int MAX_SWEEPS = 100;

  private FrechetDistance() {}

  /** The distance between the rows of {@code a} and the rows of {@code b} (same number of columns). */
  public static double between(double[][] a, double[][] b) {
    double[] muA = mean(a);
    double[] muB = mean(b);
    double[][] covA = covariance(a, muA);
    double[][] covB = covariance(b, muB);
    return of(muA, covA, muB, covB);
  }

  /** The distance between N(muA, covA) and N(muB, covB). */
  public static double of(double[] muA, double[][] covA, double[] muB, double[][] covB) {
    int d = muA.length;
    double distance = 0;
    for (int i = 0; i < d; i++) {
      distance += (muA[i] - muB[i]) * (muA[i] - muB[i]) + covA[i][i] + covB[i][i];
    }
    double[][] rootA = sqrtSymmetric(covA);
    double[][] inner = multiply(multiply(rootA, covB), rootA);
    symmetrize(inner);
    double traceRoot = 0;
    for (double eigenvalue : eigenvalues(inner)) {
      traceRoot += Math.sqrt(Math.max(0, eigenvalue));
    }
    return Math.max(0, distance - 2 * traceRoot);
  }

  static double[] mean(double[][] rows) {
    double[] mu = new double[rows[0].length];
    for (double[] row : rows) {
      for (int j = 0; j < mu.length; j++) {
        mu[j] += row[j] / rows.length;
      }
    }
    return mu;
  }

  /** The sample covariance (divided by n − 1). */
  static double[][] covariance(double[][] rows, double[] mu) {
    int d = mu.length;
    double[][] cov = new double[d][d];
    for (double[] row : rows) {
      for (int i = 0; i < d; i++) {
        double di = row[i] - mu[i];
        for (int j = i; j < d; j++) {
          cov[i][j] += di * (row[j] - mu[j]);
        }
      }
    }
    double n = Math.max(1, rows.length - 1);
    for (int i = 0; i < d; i++) {
      for (int j = i; j < d; j++) {
        cov[i][j] /= n;
        cov[j][i] = cov[i][j];
      }
    }
    return cov;
  }

  /** The symmetric positive semi-definite square root, negative eigenvalues (rounding) clipped to zero. */
  static double[][] sqrtSymmetric(double[][] matrix) {
    int d = matrix.length;
    double[][] vectors = new double[d][d];
    double[] values = jacobi(copy(matrix), vectors);
    double[][] root = new double[d][d];
    for (int k = 0; k < d; k++) {
      double s = Math.sqrt(Math.max(0, values[k]));
      for (int i = 0; i < d; i++) {
        for (int j = 0; j < d; j++) {
          root[i][j] += vectors[i][k] * s * vectors[j][k];
        }
      }
    }
    return root;
  }

  static double[] eigenvalues(double[][] symmetric) {
    return jacobi(copy(symmetric), new double[symmetric.length][symmetric.length]);
  }

  /** Cyclic Jacobi: diagonalises {@code a} in place; eigenvectors go into the columns of {@code v}. */
  private static double[] jacobi(double[][] a, double[][] v) {
    int n = a.length;
    for (int i = 0; i < n; i++) {
      v[i][i] = 1;
    }
    for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
      double off = 0;
      double scale = 0;
      for (int i = 0; i < n; i++) {
        scale += a[i][i] * a[i][i];
        for (int j = i + 1; j < n; j++) {
          off += a[i][j] * a[i][j];
        }
      }
      if (off <= 1e-24 * Math.max(scale, 1e-300)) {
        break;
      }
      for (int p = 0; p < n; p++) {
        for (int q = p + 1; q < n; q++) {
          if (a[p][q] == 0) {
            continue;
          }
          double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
          double t = Math.signum(theta == 0 ? 1 : theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
          double c = 1 / Math.sqrt(t * t + 1);
          double s = t * c;
          for (int k = 0; k < n; k++) {
            double akp = a[k][p];
            double akq = a[k][q];
            a[k][p] = c * akp - s * akq;
            a[k][q] = s * akp + c * akq;
          }
          for (int k = 0; k < n; k++) {
            double apk = a[p][k];
            double aqk = a[q][k];
            a[p][k] = c * apk - s * aqk;
            a[q][k] = s * apk + c * aqk;
          }
          for (int k = 0; k < n; k++) {
            double vkp = v[k][p];
            double vkq = v[k][q];
            v[k][p] = c * vkp - s * vkq;
            v[k][q] = s * vkp + c * vkq;
          }
        }
      }
    }
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = a[i][i];
    }
    return values;
  }

  private static double[][] multiply(double[][] x, double[][] y) {
    int n = x.length;
    int m = y[0].length;
    double[][] out = new double[n][m];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < y.length; k++) {
        double xik = x[i][k];
        for (int j = 0; j < m; j++) {
          out[i][j] += xik * y[k][j];
        }
      }
    }
    return out;
  }

  private static void symmetrize(double[][] m) {
    for (int i = 0; i < m.length; i++) {
      for (int j = i + 1; j < m.length; j++) {
        double avg = (m[i][j] + m[j][i]) / 2;
        m[i][j] = avg;
        m[j][i] = avg;
      }
    }
  }

  private static double[][] copy(double[][] m) {
    double[][] c = new double[m.length][];
    for (int i = 0; i < m.length; i++) {
      c[i] = m[i].clone();
    }
    return c;
  }
}
