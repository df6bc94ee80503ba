package dev.dgmspark.debias;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The multiscale rarity on hand-made latents: the calibration against Kish's formula computed here, the planted groups
 * it must find (a tight small group that one small k calls dense), the cap, and the ranks.
 */
class MultiScaleRarityTest {

  /** A mixture in 2-D: {@code broad} clusters of 400 points (sd 1) on a grid 8 apart, plus extra groups. */
  private static final class Mixture {
    final List<float[]> points = new ArrayList<>();
    final List<String> groups = new ArrayList<>();
    final Random random = new Random(11);

    Mixture broad(int clusters) {
      for (int c = 0; c < clusters; c++) {
        add("broad" + c, 400, 8.0 * (c % 3), 8.0 * (c / 3), 1.0);
      }
      return this;
    }

    Mixture add(String group, int n, double x, double y, double sd) {
      for (int i = 0; i < n; i++) {
        points.add(new float[] {(float) (x + sd * random.nextGaussian()), (float) (y + sd * random.nextGaussian())});
        groups.add(group);
      }
      return this;
    }

    /** Every point as a reference row, in a seeded random order as {@link ReferenceSample#rows()} gives them. */
    List<ReferenceSample.Row> rows() {
      List<ReferenceSample.Row> rows = new ArrayList<>();
      for (int i = 0; i < points.size(); i++) {
        rows.add(new ReferenceSample.Row(i, "r" + i, points.get(i)));
      }
      java.util.Collections.shuffle(rows, new Random(5));
      return rows;
    }

    float[] flat() {
      float[] flat = new float[points.size() * 2];
      for (int i = 0; i < points.size(); i++) {
        System.arraycopy(points.get(i), 0, flat, 2 * i, 2);
      }
      return flat;
    }

    String[] ids() {
      String[] ids = new String[points.size()];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = "r" + i;
      }
      return ids;
    }

    /** The group's share of the total weight. */
    double share(double[] weights, String group) {
      double in = 0;
      double all = 0;
      for (int i = 0; i < weights.length; i++) {
        all += weights[i];
        if (groups.get(i).equals(group)) {
          in += weights[i];
        }
      }
      return in / all;
    }

    double inputShare(String group) {
      return groups.stream().filter(group::equals).count() / (double) groups.size();
    }
  }

  private static double[] weights(MultiScaleRarity rarity, Mixture data) {
    double[] w = rarity.scorer().logWeights(data.flat(), data.ids(), data.points.size());
    for (int i = 0; i < w.length; i++) {
      w[i] = Math.exp(w[i]);
    }
    return w;
  }

  private static double[] knnWeights(KnnDensity density, Mixture data) {
    double[] logR = density.scorer().logKthDistances(data.flat(), data.ids(), data.points.size());
    double[] w = new double[logR.length];
    for (int i = 0; i < w.length; i++) {
      w[i] = Math.exp(density.logWeight(logR[i]));
    }
    return w;
  }

  private static double kish(double[] w) {
    double sum = 0;
    double sumSq = 0;
    for (double v : w) {
      sum += v;
      sumSq += v * v;
    }
    return sum * sum / sumSq / w.length;
  }

  @Test
  void theWeightsOfTheReferenceRowsHaveTheTargetEffectiveSampleSize() {
    Mixture data = new Mixture().broad(6).add("sparse", 100, 30, 30, 4.0);
    for (double target : new double[] {0.2, 0.5}) {
      MultiScaleRarity rarity = MultiScaleRarity.fit(data.rows(), List.of(0.01, 0.2), target);
      assertEquals(target, rarity.referenceEffectiveShare(), 1e-6);
      // Recomputed from the weights the scorer gives, with Kish's formula here.
      assertEquals(target, kish(weights(rarity, data)), 1e-6);
      assertTrue(rarity.gamma() > 0);
    }
  }

  @Test
  void aSmallTightGroupThatOneSmallKCallsDenseIsFound() {
    // 150 points (4%) in a tight clump off the grid of broad clusters: their 20 nearest neighbours are each other.
    Mixture data = new Mixture().broad(9).add("tight", 150, -8.0, -8.0, 0.05);
    double before = data.inputShare("tight");
    double single = data.share(knnWeights(KnnDensity.fit(data.rows(), 20, 1.0, 0.01, 0.0), data), "tight");
    double multi = data.share(weights(MultiScaleRarity.fit(data.rows(), DebiasDefaults.SCALES,
        DebiasDefaults.TARGET_ESS), data), "tight");
    assertTrue(single < before, "one k-NN density at k = 20 calls the clump dense: " + single + " vs " + before);
    assertTrue(multi > 2.5 * before, "the multiscale rarity finds it: " + multi + " vs " + before);
  }

  @Test
  void aSparseGroupIsFoundToo() {
    Mixture data = new Mixture().broad(9).add("sparse", 150, 30.0, 8.0, 3.0);
    double before = data.inputShare("sparse");
    double multi = data.share(weights(MultiScaleRarity.fit(data.rows(), DebiasDefaults.SCALES,
        DebiasDefaults.TARGET_ESS), data), "sparse");
    assertTrue(multi > 2.5 * before, multi + " vs " + before);
  }

  @Test
  void rowsRarerThanEveryReferenceRowGetTheRarestReferenceRowsWeight() {
    Mixture data = new Mixture().broad(4);
    MultiScaleRarity rarity = MultiScaleRarity.fit(data.rows(), List.of(0.01, 0.2), 0.3);
    double[] far = rarity.scorer().logWeights(new float[] {500f, 500f, 1000f, -1000f}, new String[] {"a", "b"}, 2);
    assertEquals(rarity.gamma() * rarity.maxScore(), far[0], 1e-12);
    assertEquals(rarity.gamma() * rarity.maxScore(), far[1], 1e-12);
    double[] reference = weights(rarity, data);
    double max = 0;
    for (double w : reference) {
      max = Math.max(max, w);
    }
    assertEquals(Math.exp(rarity.gamma() * rarity.maxScore()), max, 1e-9 * max, "the cap is the rarest row's weight");
  }

  @Test
  void eachScaleSearchesAPrefixThatPutsItsShareAtAboutTwoHundredNeighbours() {
    assertEquals(10_000, MultiScaleRarity.prefixRows(0.01, 10_000), "1%: the whole reference (k 100)");
    assertEquals(1_001, MultiScaleRarity.prefixRows(0.2, 10_000));
    assertEquals(200, MultiScaleRarity.rank(0.2, 1_001));
    assertEquals(1_001, MultiScaleRarity.prefixRows(0.2, 3_750));
    assertEquals(500, MultiScaleRarity.prefixRows(0.2, 500), "never more rows than the reference has");
    assertEquals(37, MultiScaleRarity.rank(0.01, 3_750));
    assertEquals(2, MultiScaleRarity.rank(0.01, 10), "at least 2");
    assertEquals(2, MultiScaleRarity.rank(0.9, 3), "at most the other rows");
    Mixture data = new Mixture().broad(9);
    MultiScaleRarity rarity = MultiScaleRarity.fit(data.rows(), List.of(0.01, 0.2), 0.2);
    assertArrayEquals(new int[] {3_600, 1_001}, rarity.scaleReferenceSizes());
    assertArrayEquals(new int[] {36, 200}, rarity.ranks());
  }

  @Test
  void effectiveShareFollowsKishAndFallsWithTheStrength() {
    double[] scores = {0.0, 1.0, 2.0, Double.NEGATIVE_INFINITY};
    // gamma = ln 2, cap 2: weights 1/4, 1/2, 1, 0 → (1.75)² / 1.3125 / 4.
    assertEquals(1.75 * 1.75 / 1.3125 / 4, MultiScaleRarity.effectiveShare(scores, 2.0, Math.log(2)), 1e-12);
    assertEquals(0.75, MultiScaleRarity.effectiveShare(scores, 2.0, 0.0), 1e-12, "gamma 0: the finite rows alike");
    double previous = 1;
    for (double gamma = 0; gamma < 5; gamma += 0.25) {
      double share = MultiScaleRarity.effectiveShare(scores, 2.0, gamma);
      assertTrue(share <= previous + 1e-12);
      previous = share;
    }
  }

  /**
   * Rows of two 2-D blocks: in the first, every row belongs to one of 9 broad clusters (the "hidden" group sits inside
   * cluster 0, indistinguishable there); in the second, every row is N(0, 1) except the hidden group, a clump far out.
   */
  private static List<ReferenceSample.Row> twoBlocks(Mixture first, int hidden) {
    Random random = new Random(17);
    List<ReferenceSample.Row> rows = new ArrayList<>();
    int n = first.points.size();
    for (int i = 0; i < n; i++) {
      float[] a = first.points.get(i);
      boolean isHidden = i >= n - hidden;
      double shift = isHidden ? 25.0 : 0.0;
      float[] both = {a[0], a[1], (float) (shift + random.nextGaussian()), (float) (shift + random.nextGaussian())};
      rows.add(new ReferenceSample.Row(i, "r" + i, both));
    }
    java.util.Collections.shuffle(rows, new Random(5));
    return rows;
  }

  private static double hiddenShare(MultiScaleRarity rarity, List<ReferenceSample.Row> rows, int dims, int total,
      int hidden) {
    float[] flat = new float[rows.size() * dims];
    String[] ids = new String[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      System.arraycopy(rows.get(i).mu(), 0, flat, i * dims, dims);
      ids[i] = rows.get(i).id();
    }
    double[] w = rarity.scorer().logWeights(flat, ids, rows.size());
    double in = 0;
    double all = 0;
    for (int i = 0; i < w.length; i++) {
      double weight = Math.exp(w[i]);
      all += weight;
      if (Integer.parseInt(ids[i].substring(1)) >= total - hidden) {
        in += weight;
      }
    }
    return in / all;
  }

  @Test
  void aGroupRareOnlyInTheSecondFeatureSpaceIsFoundWhenBothAreJudged() {
    int hidden = 100;
    Mixture first = new Mixture().broad(9).add("broad0", hidden, 0.0, 0.0, 1.0);
    int total = first.points.size();
    List<ReferenceSample.Row> rows = twoBlocks(first, hidden);
    double before = hidden / (double) total;
    List<ReferenceSample.Row> firstOnly = rows.stream()
        .map(r -> new ReferenceSample.Row(r.key(), r.id(), java.util.Arrays.copyOf(r.mu(), 2))).toList();
    double one = hiddenShare(MultiScaleRarity.fit(firstOnly, DebiasDefaults.SCALES, DebiasDefaults.TARGET_ESS),
        firstOnly, 2, total, hidden);
    MultiScaleRarity both = MultiScaleRarity.fitBlocks(rows, List.of(new MultiScaleRarity.Block(2,
        DebiasDefaults.SCALES), new MultiScaleRarity.Block(4, List.of(0.01))), DebiasDefaults.TARGET_ESS);
    double two = hiddenShare(both, rows, 4, total, hidden);
    assertTrue(one < 1.5 * before, "the first space alone cannot see the group: " + one + " vs " + before);
    assertTrue(two > 2.5 * before, "judged in both spaces it is found: " + two + " vs " + before);
    assertArrayEquals(new int[] {2, 4}, both.blockEnds());
    assertEquals(4, both.dims());
    assertEquals(3, both.ranks().length, "two scales for the first space, one for the second");
    assertEquals(MultiScaleRarity.rank(0.01, total), both.ranks()[2]);
    assertEquals(DebiasDefaults.TARGET_ESS, both.referenceEffectiveShare(), 1e-6,
        "the strength is calibrated on the largest score over both spaces");
  }

  @Test
  void featureSpacesMustSplitTheVectors() {
    List<ReferenceSample.Row> rows = twoBlocks(new Mixture().broad(1), 10);
    List<Double> shares = List.of(0.1);
    assertThrows(IllegalArgumentException.class, () -> MultiScaleRarity.fitBlocks(rows,
        List.of(new MultiScaleRarity.Block(2, shares), new MultiScaleRarity.Block(3, shares)), 0.2), "ends short");
    assertThrows(IllegalArgumentException.class, () -> MultiScaleRarity.fitBlocks(rows,
        List.of(new MultiScaleRarity.Block(2, shares), new MultiScaleRarity.Block(2, shares),
            new MultiScaleRarity.Block(4, shares)), 0.2), "an empty block");
    assertThrows(IllegalArgumentException.class, () -> MultiScaleRarity.fitBlocks(rows,
        List.of(new MultiScaleRarity.Block(2, shares), new MultiScaleRarity.Block(4, List.of())), 0.2), "no scale");
  }

  @Test
  void badSettingsAreRefused() {
    List<ReferenceSample.Row> rows = new Mixture().broad(1).rows();
    assertThrows(IllegalArgumentException.class, () -> MultiScaleRarity.fit(rows, List.of(), 0.2));
    assertThrows(IllegalArgumentException.class, () -> MultiScaleRarity.fit(rows, List.of(0.0), 0.2));
    assertThrows(IllegalArgumentException.class, () -> MultiScaleRarity.fit(rows, List.of(1.0), 0.2));
    assertThrows(IllegalArgumentException.class, () -> MultiScaleRarity.fit(rows, List.of(0.1), 0.0));
    assertThrows(IllegalArgumentException.class, () -> MultiScaleRarity.fit(rows, List.of(0.1), 1.5));
    assertThrows(IllegalArgumentException.class, () -> MultiScaleRarity.fit(rows.subList(0, 2), List.of(0.1), 0.2));
  }
}
