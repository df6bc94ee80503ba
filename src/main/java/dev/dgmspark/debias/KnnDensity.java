package dev.dgmspark.debias;

import java.io.Serializable;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A k-nearest-neighbour density estimate in the joint latent space against a reference sample, and the debias weight
 * it gives each row (Loftsgaarden and Quesenberry 1965).
 *
 * <p>With r_k(x) the distance from x to its k-th nearest reference row (a row in the reference does not count itself),
 * the density is p(x) ∝ 1 / r_k(x)^D. D is the dimension of the space the points fill: by default the intrinsic
 * dimension estimated from the reference sample itself (Levina and Bickel 2004, averaged as MacKay and Ghahramani
 * suggest), because a VAE leaves some latent dimensions unused and pixels fill far fewer dimensions than they have; a
 * positive {@code exponentDims} fixes D instead. The density relative to the reference's typical density is
 * ρ(x) = exp(−D · (log r_k(x) − μ)), μ the mean of log r_k over the reference rows, and the weight is
 *
 * <pre>   w(x) = (ρ(x) + alpha)^(−gamma)</pre>
 *
 * so gamma = 1 and alpha = 0 sample uniformly over the occupied latent space, gamma = 0 or alpha → ∞ uniformly over
 * the data; alpha caps the weight of the rarest rows at alpha^(−gamma) times that of a row of typical density. A row
 * with k or more exact duplicates in the reference has r_k = 0 and weight zero.
 *
 * <p>Distances for a block of rows against a chunk of the reference are one ND4J matrix product,
 * ‖a − b‖² = ‖a‖² + ‖b‖² − 2a·b, which selects k + {@value #MARGIN} candidates per row; the candidates' distances
 * are then recomputed exactly in double precision in a fixed order. So a row's result does not depend on which other
 * rows share its block (matrix-product kernels may round differently at block edges), hence not on the partitioning.
 * Everything the weights need (μ, D) comes from the reference sample in its fixed order, so weights are exact per row.
 *
 * <p>Immutable and serialisable: fit on the driver, broadcast, and let each task create a {@link Scorer}.
 */
public final class KnnDensity implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Extra candidates kept from the matrix product so that its rounding cannot change the exact k nearest. */
  static final int MARGIN = 8;
  /** Rows per matrix product. */
  static final int BLOCK_ROWS = 256;
  /** Reference rows per matrix product: a 256 x 4096 float block is 4 MB. */
  static final int CHUNK_ROWS = 4096;

  private final int dims;
  private final int k;
  private final double gamma;
  private final double alpha;
  private final float[] center;
  /** Reference rows minus {@link #center}, row-major. */
  private final float[] reference;
  private final String[] referenceIds;
  private final Map<String, Integer> referenceIndex;
  private final double estimatedDims;
  private final double exponentDims;
  private final double meanLogRadius;

  private KnnDensity(int dims, int k, double gamma, double alpha, float[] center, float[] reference,
      String[] referenceIds, double estimatedDims, double exponentDims, double meanLogRadius) {
    this.dims = dims;
    this.k = k;
    this.gamma = gamma;
    this.alpha = alpha;
    this.center = center;
    this.reference = reference;
    this.referenceIds = referenceIds;
    this.referenceIndex = indexOf(referenceIds);
    this.estimatedDims = estimatedDims;
    this.exponentDims = exponentDims;
    this.meanLogRadius = meanLogRadius;
  }

  private static Map<String, Integer> indexOf(String[] ids) {
    Map<String, Integer> index = new HashMap<>(ids.length * 2);
    for (int i = 0; i < ids.length; i++) {
      if (index.put(ids[i], i) != null) {
        throw new IllegalArgumentException("Reference id " + ids[i] + " appears twice; row ids must be unique.");
      }
    }
    return index;
  }

  /**
   * A neighbour search over a reference sample without the density's fit (its weight settings and figures are unset):
   * for callers that only need {@link Scorer} distances, such as {@link MultiScaleRarity}.
   *
   * @param reference the reference rows, at least k + 1 of them, in a fixed order
   * @param k the largest neighbour rank the scorer is asked for, at least 1
   */
  static KnnDensity neighbourIndex(List<ReferenceSample.Row> reference, int k) {
    Objects.requireNonNull(reference, "reference");
    if (k < 1 || reference.size() < k + 1) {
      throw new IllegalArgumentException(String.format(
          "A neighbour search with k = %d needs k >= 1 and at least %d reference rows; there are %d.", k, k + 1,
          reference.size()));
    }
    int m = reference.size();
    int dims = reference.get(0).mu().length;
    double[] sum = new double[dims];
    for (ReferenceSample.Row row : reference) {
      Latents.checkDims(toDouble(row.mu()), dims);
      for (int j = 0; j < dims; j++) {
        sum[j] += row.mu()[j];
      }
    }
    // Centring keeps the norms small, so ‖a‖² + ‖b‖² − 2a·b loses little to cancellation in single precision.
    float[] center = new float[dims];
    for (int j = 0; j < dims; j++) {
      center[j] = (float) (sum[j] / m);
    }
    float[] centred = new float[m * dims];
    String[] ids = new String[m];
    for (int i = 0; i < m; i++) {
      float[] mu = reference.get(i).mu();
      for (int j = 0; j < dims; j++) {
        centred[i * dims + j] = mu[j] - center[j];
      }
      ids[i] = reference.get(i).id();
    }
    return new KnnDensity(dims, k, Double.NaN, Double.NaN, center, centred, ids, Double.NaN, Double.NaN, Double.NaN);
  }

  /**
   * Fits the estimate to a reference sample (for example {@link ReferenceSample#rows()}): centres it, finds each
   * reference row's k nearest other reference rows, and takes μ and the intrinsic dimension from them.
   *
   * @param reference the reference rows, at least k + 1 of them, in a fixed order
   * @param k the neighbour whose distance measures the density, at least 2
   * @param gamma the strength: 0 leaves the data as it is, 1 samples uniformly over the latent space; in [0, 4]
   * @param alpha the floor added to the relative density; non-negative and finite
   * @param exponentDims D, the dimension in p ∝ 1/r^D; 0 uses the intrinsic dimension estimated from the reference
   * @throws IllegalArgumentException for values out of range or too few reference rows
   */
  public static KnnDensity fit(List<ReferenceSample.Row> reference, int k, double gamma, double alpha,
      double exponentDims) {
    Objects.requireNonNull(reference, "reference");
    if (k < 2) {
      throw new IllegalArgumentException(String.format("Cannot use k = %d, the value must be at least 2.", k));
    }
    if (reference.size() < k + 1) {
      throw new IllegalArgumentException(String.format(
          "A k-NN density with k = %d needs at least %d reference rows with finite latents; there are %d.", k, k + 1,
          reference.size()));
    }
    if (!(gamma >= 0 && gamma <= 4)) {
      throw new IllegalArgumentException(String.format("Cannot set gamma to %s, the value must be in [0, 4].", gamma));
    }
    if (!(alpha >= 0) || !Double.isFinite(alpha)) {
      throw new IllegalArgumentException(
          String.format("Cannot set alpha to %s, the value must be non-negative and finite.", alpha));
    }
    if (!(exponentDims >= 0) || !Double.isFinite(exponentDims)) {
      throw new IllegalArgumentException(String.format(
          "Cannot set the density exponent to %s dimensions, the value must be non-negative and finite.",
          exponentDims));
    }
    KnnDensity unfitted = neighbourIndex(reference, k);
    int m = reference.size();
    int dims = unfitted.dims;
    String[] ids = unfitted.referenceIds;
    // Block by block, keeping per row only what the fit needs (the log k-th distance and the Levina-Bickel sum), so
    // the driver's memory does not grow with k.
    Scorer scorer = unfitted.scorer();
    float[] block = new float[BLOCK_ROWS * dims];
    String[] blockIds = new String[BLOCK_ROWS];
    double logSum = 0;
    long finite = 0;
    double inverseSum = 0;
    long usedForDims = 0;
    for (int from = 0; from < m; from += BLOCK_ROWS) {
      int count = Math.min(BLOCK_ROWS, m - from);
      for (int i = 0; i < count; i++) {
        System.arraycopy(reference.get(from + i).mu(), 0, block, i * dims, dims);
        blockIds[i] = ids[from + i];
      }
      for (double[] d : scorer.nearest(block, blockIds, count)) {
        if (d[k - 1] > 0) {
          logSum += Math.log(d[k - 1]);
          finite++;
        }
        double inverse = inverseDimension(d, k);
        if (!Double.isNaN(inverse)) {
          inverseSum += inverse;
          usedForDims++;
        }
      }
    }
    double meanLogRadius = finite == 0 ? 0.0 : logSum / finite;
    double estimated = usedForDims == 0 || !(inverseSum > 0) ? 1.0 : usedForDims / inverseSum;
    double exponent = exponentDims > 0 ? exponentDims : estimated;
    return new KnnDensity(dims, k, gamma, alpha, unfitted.center, unfitted.reference, ids, estimated, exponent,
        meanLogRadius);
  }

  /**
   * The Levina-Bickel maximum-likelihood estimate of the intrinsic dimension from each point's k nearest distances
   * T_1 ≤ ... ≤ T_k, with the inverses averaged over points (MacKay and Ghahramani's correction):
   * D = 1 / mean_x [ (1/(k−1)) Σ_{j<k} log(T_k(x) / T_j(x)) ]. Points with a zero distance are left out. Returns 1
   * when no point is left, so the density stays defined.
   */
  static double intrinsicDimension(double[][] distances, int k) {
    double sum = 0;
    long used = 0;
    for (double[] d : distances) {
      double inverse = inverseDimension(d, k);
      if (!Double.isNaN(inverse)) {
        sum += inverse;
        used++;
      }
    }
    if (used == 0 || !(sum > 0)) {
      return 1.0;
    }
    return used / sum;
  }

  /** One point's term of {@link #intrinsicDimension}: (1/(k−1)) Σ_{j<k} log(T_k / T_j); NaN when it has none. */
  private static double inverseDimension(double[] d, int k) {
    if (!(d[0] > 0) || !Double.isFinite(d[k - 1])) {
      return Double.NaN;
    }
    double s = 0;
    for (int j = 0; j < k - 1; j++) {
      s += Math.log(d[k - 1] / d[j]);
    }
    return s / (k - 1);
  }

  /**
   * The log-weight of a row whose k-th neighbour is at distance exp({@code logRadius}): −gamma · log(ρ + alpha);
   * −∞ (weight zero) when the radius is zero. Compare rows through differences only.
   */
  public double logWeight(double logRadius) {
    if (Double.isNaN(logRadius)) {
      throw new IllegalArgumentException("Cannot weight a NaN neighbour distance.");
    }
    double logDensity = logRelativeDensity(logRadius);
    if (logDensity == Double.POSITIVE_INFINITY) {
      return gamma == 0 ? 0.0 : Double.NEGATIVE_INFINITY;
    }
    if (alpha == 0) {
      return -gamma * logDensity;
    }
    double logAlpha = Math.log(alpha);
    double hi = Math.max(logDensity, logAlpha);
    double logSum = hi + Math.log1p(Math.exp(Math.min(logDensity, logAlpha) - hi));
    return -gamma * logSum;
  }

  /**
   * log ρ, the log density (nats) of a row whose k-th neighbour is at distance exp({@code logRadius}), relative to the
   * reference's typical density: −D · (log r_k − μ); 0 for a typical row, negative for rarer ones, +∞ at distance
   * zero. The outliers job scores images by it; {@link #logWeight} turns it into a debias weight.
   */
  public double logRelativeDensity(double logRadius) {
    return -exponentDims * (logRadius - meanLogRadius);
  }

  /** A per-task calculator of neighbour distances; not thread-safe, one per task. */
  public Scorer scorer() {
    return new Scorer();
  }

  /** Computes rows' nearest-reference distances with reusable native buffers. */
  public final class Scorer {
    private final INDArray[] chunks;
    private final double[][] chunkNorms;
    private final INDArray block;
    private final INDArray[] products;
    private final float[] centred = new float[BLOCK_ROWS * dims];
    private final float[] product;

    private Scorer() {
      int m = referenceIds.length;
      int chunkCount = (m + CHUNK_ROWS - 1) / CHUNK_ROWS;
      chunks = new INDArray[chunkCount];
      chunkNorms = new double[chunkCount][];
      products = new INDArray[chunkCount];
      int widest = 0;
      for (int c = 0; c < chunkCount; c++) {
        int from = c * CHUNK_ROWS;
        int rows = Math.min(CHUNK_ROWS, m - from);
        chunks[c] = Nd4j.create(DataType.FLOAT, new long[] {rows, dims}, 'c');
        chunks[c].data().setData(Arrays.copyOfRange(reference, from * dims, (from + rows) * dims));
        chunkNorms[c] = new double[rows];
        for (int i = 0; i < rows; i++) {
          chunkNorms[c][i] = squaredNorm(reference, (from + i) * dims, dims);
        }
        products[c] = Nd4j.create(DataType.FLOAT, new long[] {BLOCK_ROWS, rows}, 'c');
        widest = Math.max(widest, rows);
      }
      block = Nd4j.create(DataType.FLOAT, new long[] {BLOCK_ROWS, dims}, 'c');
      product = new float[BLOCK_ROWS * widest];
    }

    /**
     * The log distance to the k-th nearest reference row of each of {@code count} rows; −∞ when it is zero.
     *
     * @param rows {@code count} latent vectors of the fitted dimension, row-major (processed in blocks of
     *     {@value #BLOCK_ROWS})
     * @param ids the rows' ids (a row that is in the reference is not its own neighbour)
     */
    public double[] logKthDistances(float[] rows, String[] ids, int count) {
      double[] out = new double[count];
      float[] part = new float[BLOCK_ROWS * dims];
      String[] partIds = new String[BLOCK_ROWS];
      for (int from = 0; from < count; from += BLOCK_ROWS) {
        int n = Math.min(BLOCK_ROWS, count - from);
        System.arraycopy(rows, from * dims, part, 0, n * dims);
        System.arraycopy(ids, from, partIds, 0, n);
        double[][] nearest = nearest(part, partIds, n);
        for (int i = 0; i < n; i++) {
          double r = nearest[i][k - 1];
          out[from + i] = r > 0 ? Math.log(r) : Double.NEGATIVE_INFINITY;
        }
      }
      return out;
    }

    /** The k smallest distances, ascending, of each of {@code count} ≤ {@value #BLOCK_ROWS} rows. */
    double[][] nearest(float[] rows, String[] ids, int count) {
      double[][] candidates = candidates(rows, ids, count);
      double[][] result = new double[count][];
      for (int i = 0; i < count; i++) {
        double[] exact = candidates[i];
        Arrays.sort(exact);
        double[] nearest = new double[k];
        for (int t = 0; t < k; t++) {
          nearest[t] = t < exact.length ? Math.sqrt(exact[t]) : Double.POSITIVE_INFINITY;
        }
        result[i] = nearest;
      }
      return result;
    }

    /**
     * Each row's k + {@value #MARGIN} nearest reference rows by the matrix product's approximate distances, with
     * their exact squared distances recomputed in double precision (unordered; fewer when the reference is smaller).
     */
    private double[][] candidates(float[] rows, String[] ids, int count) {
      int width = k + MARGIN;
      int capacity = 2 * width;
      Arrays.fill(centred, 0f);
      double[] norms = new double[count];
      int[] self = new int[count];
      for (int i = 0; i < count; i++) {
        for (int j = 0; j < dims; j++) {
          centred[i * dims + j] = rows[i * dims + j] - center[j];
        }
        norms[i] = squaredNorm(centred, i * dims, dims);
        Integer index = referenceIndex.get(ids[i]);
        self[i] = index == null ? -1 : index;
      }
      block.data().setData(centred);
      // Per row, a buffer of up to 2 x width candidates under a threshold: when it fills, a selection keeps the width
      // nearest and their largest becomes the threshold. Linear in the reference size whatever k is, where a heap or
      // a sorted list costs log(k) or k per replacement.
      float[] candDist = new float[count * capacity];
      int[] candIndex = new int[count * capacity];
      int[] filled = new int[count];
      float[] threshold = new float[count];
      Arrays.fill(threshold, Float.POSITIVE_INFINITY);
      for (int c = 0; c < chunks.length; c++) {
        int from = c * CHUNK_ROWS;
        int rowsInChunk = (int) chunks[c].size(0);
        Nd4j.gemm(block, chunks[c], products[c], false, true, 1.0, 0.0);
        FloatBuffer buffer = products[c].data().asNioFloat();
        buffer.get(product, 0, count * rowsInChunk);
        double[] refNorms = chunkNorms[c];
        for (int i = 0; i < count; i++) {
          int base = i * rowsInChunk;
          int start = i * capacity;
          int size = filled[i];
          float limit = threshold[i];
          float xNorm = (float) norms[i];
          for (int j = 0; j < rowsInChunk; j++) {
            float d2 = xNorm + (float) refNorms[j] - 2f * product[base + j];
            if (d2 < limit && from + j != self[i]) {
              candDist[start + size] = d2;
              candIndex[start + size] = from + j;
              size++;
              if (size == capacity) {
                selectSmallest(candDist, candIndex, start, capacity, width);
                size = width;
                limit = maxOf(candDist, start, width);
              }
            }
          }
          filled[i] = size;
          threshold[i] = limit;
        }
      }
      double[][] exact = new double[count][];
      for (int i = 0; i < count; i++) {
        int start = i * capacity;
        int found = filled[i];
        if (found > width) {
          selectSmallest(candDist, candIndex, start, found, width);
          found = width;
        }
        double[] values = new double[found];
        for (int t = 0; t < found; t++) {
          values[t] = exactSquaredDistance(centred, i * dims, reference, candIndex[start + t] * dims, dims);
        }
        exact[i] = values;
      }
      return exact;
    }
  }

  /**
   * Reorders the {@code length} (distance, index) pairs at {@code start} so that the {@code keep} smallest distances
   * come first (in no order): Hoare's selection with a median-of-three pivot.
   */
  static void selectSmallest(float[] dist, int[] index, int start, int length, int keep) {
    int lo = start;
    int hi = start + length - 1;
    int target = start + keep - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      float pivot = median(dist[lo], dist[mid], dist[hi]);
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (dist[i] < pivot) {
          i++;
        }
        while (dist[j] > pivot) {
          j--;
        }
        if (i <= j) {
          float d = dist[i];
          dist[i] = dist[j];
          dist[j] = d;
          int x = index[i];
          index[i] = index[j];
          index[j] = x;
          i++;
          j--;
        }
      }
      if (target <= j) {
        hi = j;
      } else if (target >= i) {
        lo = i;
      } else {
        return;
      }
    }
  }

  private static float median(float a, float b, float c) {
    return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
  }

  private static float maxOf(float[] values, int start, int length) {
    float max = Float.NEGATIVE_INFINITY;
    for (int t = start; t < start + length; t++) {
      max = Math.max(max, values[t]);
    }
    return max;
  }

  private static double squaredNorm(float[] values, int offset, int length) {
    double s = 0;
    for (int j = 0; j < length; j++) {
      double v = values[offset + j];
      s += v * v;
    }
    return s;
  }

  private static double exactSquaredDistance(float[] a, int aOffset, float[] b, int bOffset, int length) {
    double s = 0;
    for (int j = 0; j < length; j++) {
      double d = (double) a[aOffset + j] - b[bOffset + j];
      s += d * d;
    }
    return s;
  }

  private static double[] toDouble(float[] mu) {
    return Latents.toDouble(mu);
  }

  /** The number of latent dimensions. */
  public int dims() {
    return dims;
  }

  /** The neighbour whose distance measures the density. */
  public int k() {
    return k;
  }

  /** The strength gamma. */
  public double gamma() {
    return gamma;
  }

  /** The floor alpha added to the relative density. */
  public double alpha() {
    return alpha;
  }

  /** The number of reference rows. */
  public int referenceSize() {
    return referenceIds.length;
  }

  /** The intrinsic dimension estimated from the reference (Levina-Bickel, MacKay-Ghahramani averaging). */
  public double estimatedDims() {
    return estimatedDims;
  }

  /** D, the dimension in p ∝ 1/r^D that the weights use. */
  public double exponentDims() {
    return exponentDims;
  }

  /** μ, the mean log k-th-neighbour distance over the reference rows (with a positive distance). */
  public double meanLogRadius() {
    return meanLogRadius;
  }
}
