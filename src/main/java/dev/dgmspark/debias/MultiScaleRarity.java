package dev.dgmspark.debias;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * How rare a latent position is at several neighbourhood sizes at once, and the debias weight that gives: the
 * {@code multiscale} estimator.
 *
 * <p>One k-NN density (Loftsgaarden and Quesenberry 1965) sees rarity at one scale only. A small k finds rows in sparse
 * surroundings but calls a small, tight group dense (its members are each other's neighbours); a k larger than the
 * group reaches outside it and finds it, but blurs the sparse regions. Measured on Fashion-MNIST with one class planted
 * at 4% (VAE latents): k = 1% of the rows raised sandals 2.5x and trousers 0.8x, k = 20% sandals 1.2x and trousers
 * 3.5x. So each scale s gives the standardised log distance to the k_s-th neighbour, z_s(x) = (log r_{k_s}(x) − μ_s)
 * / σ_s (μ_s, σ_s over the reference rows; a monotone function of the k-NN density at that scale), and a row's rarity
 * is the largest over the scales: rare at any scale is rare. Scores above the rarest reference row's are capped at it
 * (the reference cannot tell rarer apart), and the weight is
 *
 * <pre>   w(x) = exp(γ · min(score(x), score_max))</pre>
 *
 * with the strength γ chosen by bisection so that the reference rows' weights have the target effective sample size
 * (Kish's (Σw)² / Σw², as a share of the rows): the user says how much of the data the manifest may concentrate on,
 * not an exponent whose effect depends on the latent space. The reference is a uniform sample of the data, so the
 * data's effective sample size comes out close to the target.
 *
 * <p>A scale's neighbour rank need not grow with the reference: the k_s-th distance among m_s rows estimates the
 * radius holding a share s of the data for any m_s with enough neighbours inside, so scale s searches only the first
 * m_s = min(m, ⌈{@value #NEIGHBOURS_PER_SCALE} / s⌉ + 1) reference rows (the sample is in the order of its seeded
 * keys, so any prefix is a uniform sample too), k_s = round(s · (m_s − 1)). At 10,000 reference rows the 20% scale
 * then searches 1,001 rows for k = 200 instead of 10,000 for k = 2,000: the candidate selection and the exact
 * re-ranking cost grows with k (measured: 560-900 µs a row at k = 2,000 against 84 at k = 20, one thread); on the
 * real-data benchmark a 500- or 1,000-row prefix moved the planted shares by as much as two different seeds did.
 *
 * <p>A row's vector may hold several feature spaces one after the other ({@link Block}s: the VAE's latent mean, then
 * the image's {@link Appearance}); each block has its own scales, standardised on their own, and the score is the
 * largest over every block and scale: rare in any space at any scale is rare.
 *
 * <p>Immutable and serialisable: fit on the driver, broadcast, and score rows with {@link #scorer()}.
 */
public final class MultiScaleRarity implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final int BISECTION_STEPS = 60;
  /** The most neighbours a scale counts: its reference is the prefix that puts its share at about this rank. */
  static final int NEIGHBOURS_PER_SCALE = 200;
  /** The largest strength the bisection tries. */
  static final double MAX_GAMMA = 50.0;

  /** One index per block and scale, block after block. */
  private final KnnDensity[] indexes;
  /** Where each block of a row's vector ends (exclusive); the last is the vector's length. */
  private final int[] blockEnds;
  /** The first index of each block's scales in {@link #indexes}, and the number of indexes last. */
  private final int[] blockColumns;
  private final double[] means;
  private final double[] deviations;
  private final double maxScore;
  private final double gamma;
  private final double referenceEss;

  /**
   * One feature space of a row's vector: dimensions from the previous block's end up to {@code end} (exclusive),
   * judged at the neighbourhood sizes {@code shares}.
   */
  public record Block(int end, List<Double> shares) implements Serializable {
    private static final long serialVersionUID = 1L;

    public Block {
      shares = List.copyOf(shares);
    }
  }

  private MultiScaleRarity(KnnDensity[] indexes, int[] blockEnds, int[] blockColumns, double[] means,
      double[] deviations, double maxScore, double gamma, double referenceEss) {
    this.indexes = indexes;
    this.blockEnds = blockEnds;
    this.blockColumns = blockColumns;
    this.means = means;
    this.deviations = deviations;
    this.maxScore = maxScore;
    this.gamma = gamma;
    this.referenceEss = referenceEss;
  }

  /**
   * Fits the scales to a reference sample and calibrates the strength.
   *
   * @param reference the reference rows in a fixed random order (as {@link ReferenceSample#rows()} gives them: each
   *     scale searches a prefix, which must be a uniform sample too); at least 3
   * @param shares the neighbourhood sizes as shares of the reference rows, each in (0, 1); each searches a prefix of
   *     the reference ({@link #prefixRows}) at k_s = {@link #rank}
   * @param targetEss the effective sample size the weights should have, as a share of the rows, in (0, 1]
   * @throws IllegalArgumentException for values out of range or too few reference rows
   */
  public static MultiScaleRarity fit(List<ReferenceSample.Row> reference, List<Double> shares, double targetEss) {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(shares, "shares");
    return fitBlocks(reference, List.of(new Block(reference.isEmpty() ? 0 : reference.get(0).mu().length, shares)),
        targetEss);
  }

  /**
   * Fits the scales to a reference sample whose vectors hold several feature spaces one after the other, each
   * judged at its own scales, and calibrates the strength on the largest score over all of them.
   *
   * @param blocks the feature spaces in the order of the vectors' dimensions; the last ends at the vectors' length
   * @throws IllegalArgumentException as {@link #fit(List, List, double)}, or for blocks that do not split the vectors
   */
  public static MultiScaleRarity fitBlocks(List<ReferenceSample.Row> reference, List<Block> blocks,
      double targetEss) {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(blocks, "blocks");
    for (Block block : blocks) {
      if (block.shares().isEmpty()) {
        throw new IllegalArgumentException("Give at least one neighbourhood share.");
      }
      for (double share : block.shares()) {
        if (!(share > 0 && share < 1)) {
          throw new IllegalArgumentException(
              String.format("Cannot use a neighbourhood share of %s, the value must be in (0, 1).", share));
        }
      }
    }
    if (!(targetEss > 0 && targetEss <= 1)) {
      throw new IllegalArgumentException(
          String.format("Cannot target an effective sample share of %s, the value must be in (0, 1].", targetEss));
    }
    int m = reference.size();
    if (m < 3) {
      throw new IllegalArgumentException(String.format(
          "The multiscale estimator needs at least 3 reference rows with finite latents; there are %d.", m));
    }
    int dims = reference.get(0).mu().length;
    int[] ends = blocks.stream().mapToInt(Block::end).toArray();
    checkBlocks(ends, dims);
    int[] blockColumns = new int[blocks.size() + 1];
    for (int b = 0; b < blocks.size(); b++) {
      blockColumns[b + 1] = blockColumns[b] + blocks.get(b).shares().size();
    }
    int scales = blockColumns[blocks.size()];
    KnnDensity[] indexes = new KnnDensity[scales];
    for (int b = 0; b < blocks.size(); b++) {
      List<ReferenceSample.Row> block = slice(reference, b == 0 ? 0 : ends[b - 1], ends[b]);
      List<Double> shares = blocks.get(b).shares();
      for (int sc = 0; sc < shares.size(); sc++) {
        int rows = prefixRows(shares.get(sc), m);
        indexes[blockColumns[b] + sc] = KnnDensity.neighbourIndex(block.subList(0, rows), rank(shares.get(sc), rows));
      }
    }
    float[] flat = new float[m * dims];
    String[] ids = new String[m];
    for (int i = 0; i < m; i++) {
      System.arraycopy(reference.get(i).mu(), 0, flat, i * dims, dims);
      ids[i] = reference.get(i).id();
    }
    MultiScaleRarity unscaled = new MultiScaleRarity(indexes, ends, blockColumns, new double[scales],
        new double[scales], Double.POSITIVE_INFINITY, 0.0, 1.0);
    double[] logRadii = unscaled.scorer().logRadii(flat, ids, m);
    double[] means = new double[scales];
    double[] deviations = new double[scales];
    for (int s = 0; s < scales; s++) {
      double sum = 0;
      double sumSq = 0;
      long n = 0;
      for (int i = 0; i < m; i++) {
        double v = logRadii[i * scales + s];
        if (Double.isFinite(v)) {
          sum += v;
          sumSq += v * v;
          n++;
        }
      }
      means[s] = n == 0 ? 0.0 : sum / n;
      double variance = n == 0 ? 0.0 : Math.max(0.0, sumSq / n - means[s] * means[s]);
      deviations[s] = Math.sqrt(variance);
    }
    MultiScaleRarity standardised = new MultiScaleRarity(indexes, ends, blockColumns, means, deviations,
        Double.POSITIVE_INFINITY, 0.0, 1.0);
    double[] scores = new double[m];
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < m; i++) {
      scores[i] = standardised.score(logRadii, i * scales);
      if (Double.isFinite(scores[i])) {
        max = Math.max(max, scores[i]);
      }
    }
    double cap = Double.isFinite(max) ? max : 0.0;
    double gamma = calibrate(scores, cap, targetEss);
    return new MultiScaleRarity(indexes, ends, blockColumns, means, deviations, cap, gamma,
        effectiveShare(scores, cap, gamma));
  }

  private static void checkBlocks(int[] blockEnds, int dims) {
    if (blockEnds.length == 0 || blockEnds[blockEnds.length - 1] != dims) {
      throw new IllegalArgumentException(String.format(
          "The feature blocks %s must end at the vectors' length %d.", Arrays.toString(blockEnds), dims));
    }
    int from = 0;
    for (int end : blockEnds) {
      if (end <= from) {
        throw new IllegalArgumentException(String.format(
            "The feature blocks %s must each hold at least one dimension, in order.", Arrays.toString(blockEnds)));
      }
      from = end;
    }
  }

  /** The reference rows with only dimensions [from, to) of their vectors (the rows themselves for a single block). */
  private static List<ReferenceSample.Row> slice(List<ReferenceSample.Row> reference, int from, int to) {
    if (from == 0 && to == reference.get(0).mu().length) {
      return reference;
    }
    return reference.stream()
        .map(r -> new ReferenceSample.Row(r.key(), r.id(), Arrays.copyOfRange(r.mu(), from, to))).toList();
  }

  /** The reference rows scale {@code share} searches: min(rows, ⌈NEIGHBOURS_PER_SCALE / share⌉ + 1). */
  static int prefixRows(double share, int referenceRows) {
    return (int) Math.min(referenceRows, (long) Math.ceil(NEIGHBOURS_PER_SCALE / share) + 1);
  }

  /** k for a share of {@code rows} reference rows: round(share x (rows − 1)), between 2 and rows − 1. */
  static int rank(double share, int rows) {
    long k = Math.round(share * (rows - 1));
    return (int) Math.max(Math.min(2, rows - 1), Math.min(rows - 1, k));
  }

  /**
   * The strength whose weights exp(γ · min(score, cap)) have the target effective share over {@code scores}: the
   * share falls as γ grows (it is 2K(γ) − K(2γ) in terms of the scores' cumulant generating function K, and K' rises),
   * so bisection finds it; {@link #MAX_GAMMA} when even that keeps more than the target.
   */
  static double calibrate(double[] scores, double cap, double targetEss) {
    if (effectiveShare(scores, cap, MAX_GAMMA) >= targetEss) {
      return MAX_GAMMA;
    }
    double lo = 0;
    double hi = MAX_GAMMA;
    for (int step = 0; step < BISECTION_STEPS; step++) {
      double mid = (lo + hi) / 2;
      if (effectiveShare(scores, cap, mid) > targetEss) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Kish's effective sample size of exp(γ · min(score, cap)) over the scores, as a share of their number. */
  static double effectiveShare(double[] scores, double cap, double gamma) {
    double sum = 0;
    double sumSq = 0;
    for (double score : scores) {
      // Relative to the cap, so the largest weight is 1 and nothing overflows.
      double w = score == Double.NEGATIVE_INFINITY ? 0.0 : Math.exp(gamma * (Math.min(score, cap) - cap));
      sum += w;
      sumSq += w * w;
    }
    return sumSq == 0 ? 0.0 : sum * sum / sumSq / scores.length;
  }

  /** The rarity score of one row from its log distances at the ranks (starting at {@code offset}); −∞ if none. */
  private double score(double[] logRadii, int offset) {
    double best = Double.NEGATIVE_INFINITY;
    for (int s = 0; s < indexes.length; s++) {
      double v = logRadii[offset + s];
      if (Double.isNaN(v)) {
        continue;
      }
      double z = deviations[s] > 0 ? (v - means[s]) / deviations[s] : (v == Double.NEGATIVE_INFINITY ? v : 0.0);
      best = Math.max(best, z);
    }
    return best;
  }

  /** The log-weight of a row from its log distances at the scales (at {@code offset}): γ · min(score, cap). */
  private double logWeight(double[] logRadii, int offset) {
    double score = score(logRadii, offset);
    if (score == Double.NEGATIVE_INFINITY) {
      return Double.NEGATIVE_INFINITY;
    }
    return gamma * Math.min(score, maxScore);
  }

  /** A per-task scorer of rows against the scales' references; not thread-safe, one per task. */
  public Scorer scorer() {
    return new Scorer();
  }

  /** Rows' distances at every scale and their log-weights, with reusable native buffers. */
  public final class Scorer {
    private final KnnDensity.Scorer[] scorers = new KnnDensity.Scorer[indexes.length];

    private Scorer() {
      for (int s = 0; s < scorers.length; s++) {
        scorers[s] = indexes[s].scorer();
      }
    }

    /**
     * Each of {@code count} rows' log distance to its k_s-th neighbour at every scale, row after row
     * ({@code count x scales}; a row that is in a scale's reference is not its own neighbour there).
     */
    double[] logRadii(float[] rows, String[] ids, int count) {
      int columns = scorers.length;
      int dims = blockEnds[blockEnds.length - 1];
      double[] out = new double[count * columns];
      for (int b = 0; b < blockEnds.length; b++) {
        int from = b == 0 ? 0 : blockEnds[b - 1];
        float[] block = blockEnds.length == 1 ? rows : sliceRows(rows, count, dims, from, blockEnds[b]);
        for (int s = blockColumns[b]; s < blockColumns[b + 1]; s++) {
          // Each scale's index searches for exactly its own rank.
          double[] at = scorers[s].logKthDistances(block, ids, count);
          for (int i = 0; i < count; i++) {
            out[i * columns + s] = at[i];
          }
        }
      }
      return out;
    }

    private static float[] sliceRows(float[] rows, int count, int dims, int from, int to) {
      int width = to - from;
      float[] out = new float[count * width];
      for (int i = 0; i < count; i++) {
        System.arraycopy(rows, i * dims + from, out, i * width, width);
      }
      return out;
    }

    /**
     * The log-weights of {@code count} rows (latents row-major, with their ids): γ · min(score, score_max); −∞
     * (weight zero) for a row at distance zero from its k_s-th neighbour at every scale. Compare rows through
     * differences only.
     */
    public double[] logWeights(float[] rows, String[] ids, int count) {
      double[] logRadii = logRadii(rows, ids, count);
      double[] out = new double[count];
      for (int i = 0; i < count; i++) {
        out[i] = logWeight(logRadii, i * scorers.length);
      }
      return out;
    }
  }

  /** The neighbour ranks k_s of the scales, in the order of the shares (block after block). */
  public int[] ranks() {
    return Arrays.stream(indexes).mapToInt(KnnDensity::k).toArray();
  }

  /** μ_s: the mean log distance to the k_s-th neighbour over the reference rows. */
  public double[] meanLogDistances() {
    return means.clone();
  }

  /** σ_s: the standard deviation of the log distance to the k_s-th neighbour over the reference rows. */
  public double[] logDistanceDeviations() {
    return deviations.clone();
  }

  /** The rarest reference row's score: larger scores are capped at it. */
  public double maxScore() {
    return maxScore;
  }

  /** The calibrated strength γ. */
  public double gamma() {
    return gamma;
  }

  /** The reference rows' effective sample size under the calibrated weights, as a share of the rows. */
  public double referenceEffectiveShare() {
    return referenceEss;
  }

  /** The reference rows each scale searches (a prefix of the reference sample), in the order of the shares. */
  public int[] scaleReferenceSizes() {
    return Arrays.stream(indexes).mapToInt(KnnDensity::referenceSize).toArray();
  }

  /** The length of a row's vector: every block's dimensions. */
  public int dims() {
    return blockEnds[blockEnds.length - 1];
  }

  /** Where each feature block ends in a row's vector (exclusive); one block holds the whole vector. */
  public int[] blockEnds() {
    return blockEnds.clone();
  }
}
