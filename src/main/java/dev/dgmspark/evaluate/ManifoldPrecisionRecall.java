package dev.dgmspark.evaluate;

import dev.dgmspark.debias.KnnDensity;
import dev.dgmspark.debias.ReferenceSample;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Precision and recall of a generator in a feature space (Kynkäänniemi, Karras, Laine, Lehtinen and Aila, NeurIPS
 * 2019): the real manifold is the union of balls around the real feature vectors, each with radius the distance to its
 * k-th nearest other real vector; <b>precision</b> is the share of generated vectors inside the real manifold (sample
 * quality), <b>recall</b> the share of real vectors inside the generated manifold, built the same way (coverage).
 *
 * <p>The radii come from {@link KnnDensity}'s exact k-nearest-neighbour search (the debias job's); the ball tests
 * are blocked double-precision matrix products, ‖a − b‖² = ‖a‖² + ‖b‖² − 2a·b.
 */
public final class ManifoldPrecisionRecall {
  /** The paper's k. */
  public static final int DEFAULT_K = 3;
  private static final int BLOCK_ROWS = 512;

  private ManifoldPrecisionRecall() {}

  /**
   * Precision and recall.
   *
   * @param k the neighbour whose distance is a ball's radius
   * @param realRows real feature vectors measured against
   * @param generatedRows generated feature vectors
   */
  public record Result(double precision, double recall, int k, int realRows, int generatedRows) {}

  /** Precision and recall of {@code generated} against {@code real} (rows of the same width, each more than k). */
  public static Result of(double[][] real, double[][] generated, int k) {
    double[] realRadii = kthNeighbourDistances(real, k);
    double[] generatedRadii = kthNeighbourDistances(generated, k);
    return new Result(shareInside(generated, real, realRadii), shareInside(real, generated, generatedRadii), k,
        real.length, generated.length);
  }

  /** Each row's distance to its k-th nearest other row. */
  static double[] kthNeighbourDistances(double[][] rows, int k) {
    if (k < 2) {
      throw new IllegalArgumentException(String.format("Cannot use k = %d, the value must be at least 2.", k));
    }
    if (rows.length <= k) {
      throw new IllegalArgumentException(String.format(
          "Precision and recall with k = %d need more than %d feature vectors per set; got %d.", k, k, rows.length));
    }
    int n = rows.length;
    int dims = rows[0].length;
    List<ReferenceSample.Row> reference = new ArrayList<>(n);
    float[] flat = new float[n * dims];
    String[] ids = new String[n];
    for (int i = 0; i < n; i++) {
      float[] row = new float[dims];
      for (int j = 0; j < dims; j++) {
        row[j] = (float) rows[i][j];
      }
      System.arraycopy(row, 0, flat, i * dims, dims);
      ids[i] = Integer.toString(i);
      reference.add(new ReferenceSample.Row(i, ids[i], row));
    }
    // gamma, alpha and the exponent only shape weights, which are not used here.
    double[] log = KnnDensity.fit(reference, k, 1.0, 0.0, 1.0).scorer().logKthDistances(flat, ids, n);
    double[] radii = new double[n];
    for (int i = 0; i < n; i++) {
      radii[i] = Math.exp(log[i]);
    }
    return radii;
  }

  /** The share of {@code queries} within radius {@code radii[j]} of some {@code centres[j]}. */
  static double shareInside(double[][] queries, double[][] centres, double[] radii) {
    INDArray c = Nd4j.create(centres).castTo(DataType.DOUBLE);
    INDArray ct = c.transpose().dup('c');
    double[] centreNorms = c.mul(c).sum(1).toDoubleVector();
    long inside = 0;
    for (int from = 0; from < queries.length; from += BLOCK_ROWS) {
      int to = Math.min(queries.length, from + BLOCK_ROWS);
      double[][] part = java.util.Arrays.copyOfRange(queries, from, to);
      INDArray q = Nd4j.create(part).castTo(DataType.DOUBLE);
      double[] queryNorms = q.mul(q).sum(1).toDoubleVector();
      double[][] products = q.mmul(ct).toDoubleMatrix();
      for (int i = 0; i < part.length; i++) {
        for (int j = 0; j < centres.length; j++) {
          double d2 = queryNorms[i] + centreNorms[j] - 2 * products[i][j];
          // A relative tolerance for the cancellation in the expansion (exact copies give d2 ≈ 0 ± rounding).
          if (d2 <= radii[j] * radii[j] + 1e-12 * (queryNorms[i] + centreNorms[j])) {
            inside++;
            break;
          }
        }
      }
    }
    return inside / (double) queries.length;
  }
}
