package dev.dgmspark.audit;

/**
 * A 2-D view of latent means: their projection on the two principal axes (the directions of largest variance),
 * found by power iteration on the covariance with deflation. Signs are fixed so that each axis's largest component
 * is positive, which makes the picture the same from run to run.
 */
public final class LatentProjection {
  private static final int ITERATIONS = 200;

  private LatentProjection() {}

  /**
   * The projection of {@code rows} (each of the same dimension) on its first two principal axes: {@code [0]} the x
   * coordinates, {@code [1]} the y coordinates, centred on the mean. A one-dimensional input gets y = 0.
   */
  public static double[][] project(double[][] rows) {
    int n = rows.length;
    if (n == 0) {
      return new double[][] {new double[0], new double[0]};
    }
    int d = rows[0].length;
    double[] mean = new double[d];
    for (double[] row : rows) {
      if (row.length != d) {
        throw new IllegalArgumentException("rows of different dimensions: " + d + " and " + row.length);
      }
      for (int j = 0; j < d; j++) {
        mean[j] += row[j] / n;
      }
    }
    double[][] cov = new double[d][d];
    for (double[] row : rows) {
      for (int a = 0; a < d; a++) {
        double da = row[a] - mean[a];
        for (int b = a; b < d; b++) {
          cov[a][b] += da * (row[b] - mean[b]) / n;
        }
      }
    }
    for (int a = 0; a < d; a++) {
      for (int b = 0; b < a; b++) {
        cov[a][b] = cov[b][a];
      }
    }
    double[] first = principal(cov);
    deflate(cov, first);
    double[] second = d > 1 ? principal(cov) : new double[d];
    double[][] out = new double[2][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        double centred = rows[i][j] - mean[j];
        out[0][i] += centred * first[j];
        out[1][i] += centred * second[j];
      }
    }
    return out;
  }

  /** The unit eigenvector of the largest eigenvalue of a symmetric positive semi-definite matrix. */
  static double[] principal(double[][] m) {
    int d = m.length;
    double[] v = new double[d];
    for (int j = 0; j < d; j++) {
      v[j] = 1.0 / Math.sqrt(d) * (1 + 0.01 * j); // not orthogonal to any axis in practice
    }
    for (int it = 0; it < ITERATIONS; it++) {
      double[] next = new double[d];
      for (int a = 0; a < d; a++) {
        for (int b = 0; b < d; b++) {
          next[a] += m[a][b] * v[b];
        }
      }
      double norm = Math.sqrt(dot(next, next));
      if (norm == 0) {
        return new double[d];
      }
      for (int j = 0; j < d; j++) {
        next[j] /= norm;
      }
      v = next;
    }
    int largest = 0;
    for (int j = 1; j < d; j++) {
      if (Math.abs(v[j]) > Math.abs(v[largest])) {
        largest = j;
      }
    }
    if (v[largest] < 0) {
      for (int j = 0; j < d; j++) {
        v[j] = -v[j];
      }
    }
    return v;
  }

  private static void deflate(double[][] m, double[] v) {
    double[] mv = new double[m.length];
    for (int a = 0; a < m.length; a++) {
      for (int b = 0; b < m.length; b++) {
        mv[a] += m[a][b] * v[b];
      }
    }
    double lambda = dot(v, mv);
    for (int a = 0; a < m.length; a++) {
      for (int b = 0; b < m.length; b++) {
        m[a][b] -= lambda * v[a] * v[b];
      }
    }
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
