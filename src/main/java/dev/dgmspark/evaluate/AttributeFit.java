package dev.dgmspark.evaluate;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.dgmspark.minibatch.BatchLabels;
import dev.dgmspark.quality.AttributeClassifier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How well generated images match the data's attributes, as the feature network's attribute heads judge them: mode
 * coverage (every attribute value with at least {@link #MIN_DATA_SHARE} of the data counts as a mode; it is covered
 * when its share among the generated images reaches {@link #COVERED_FRACTION} of its data share) and, per attribute,
 * the total variation distance ½ Σ |p_data − p_generated|. The same distance for classified held-out real images
 * is the floor that the classifier's errors alone produce.
 *
 * @param coverage values covered / values checked
 * @param valuesChecked attribute values with at least {@code minDataShare} of the data
 * @param valuesCovered those covered
 * @param minDataShare the share that makes a value a mode
 * @param coveredFraction a mode is covered when its generated share is at least this times its data share
 * @param tvDistance per attribute, the TV distance between data and generated shares
 * @param meanTvDistance the mean of {@code tvDistance} over attributes
 * @param tvDistanceRealFloor per attribute, the TV distance between data shares and classified held-out real shares
 * @param classifierAccuracy per attribute, the attribute heads' accuracy on held-out real images (their true labels)
 * @param byAttribute per attribute and value: data, generated and classified held-out real shares, checked, covered
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AttributeFit(double coverage, int valuesChecked, int valuesCovered, double minDataShare,
    double coveredFraction, Map<String, Double> tvDistance, double meanTvDistance,
    Map<String, Double> tvDistanceRealFloor, Map<String, Double> classifierAccuracy,
    Map<String, Map<String, ValueShares>> byAttribute) {
  /** Smallest share in the data of a value that coverage checks (the GAN figures' rule). */
  public static final double MIN_DATA_SHARE = 0.05;
  /** A value is covered when its generated share reaches this fraction of its data share. */
  public static final double COVERED_FRACTION = 0.5;

  /** One attribute value's shares. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record ValueShares(double dataShare, double generatedShare, double heldOutRealShare, boolean checked,
      boolean covered) {}

  /**
   * Measures the fit.
   *
   * @param attributes attribute names
   * @param values per attribute, its values (a value's position is its code)
   * @param dataShares per attribute, its values' shares in the data
   * @param generated the classified value code of every attribute per generated image
   * @param heldOutPredicted the classified codes of held-out real images
   * @param heldOutTrue their true codes ({@link BatchLabels#MISSING} when unknown)
   */
  public static AttributeFit of(List<String> attributes, List<List<String>> values, List<List<Double>> dataShares,
      int[][] generated, int[][] heldOutPredicted, int[][] heldOutTrue) {
    Map<String, Double> tv = new LinkedHashMap<>();
    Map<String, Double> floor = new LinkedHashMap<>();
    Map<String, Double> accuracy = new LinkedHashMap<>();
    Map<String, Map<String, ValueShares>> byAttribute = new LinkedHashMap<>();
    int checked = 0;
    int covered = 0;
    double tvSum = 0;
    for (int a = 0; a < attributes.size(); a++) {
      int count = values.get(a).size();
      double[] generatedShares = shares(generated, a, count);
      double[] heldOutShares = shares(heldOutPredicted, a, count);
      double distance = 0;
      double floorDistance = 0;
      Map<String, ValueShares> byValue = new LinkedHashMap<>();
      for (int v = 0; v < count; v++) {
        double data = dataShares.get(a).get(v);
        distance += Math.abs(data - generatedShares[v]) / 2;
        floorDistance += Math.abs(data - heldOutShares[v]) / 2;
        boolean isChecked = data >= MIN_DATA_SHARE;
        boolean isCovered = isChecked && generatedShares[v] >= COVERED_FRACTION * data;
        checked += isChecked ? 1 : 0;
        covered += isCovered ? 1 : 0;
        byValue.put(values.get(a).get(v), new ValueShares(round(data), round(generatedShares[v]),
            round(heldOutShares[v]), isChecked, isCovered));
      }
      tv.put(attributes.get(a), round(distance));
      floor.put(attributes.get(a), round(floorDistance));
      accuracy.put(attributes.get(a), round(AttributeClassifier.accuracy(heldOutPredicted, heldOutTrue, a)));
      byAttribute.put(attributes.get(a), byValue);
      tvSum += distance;
    }
    return new AttributeFit(checked == 0 ? 1.0 : round(covered / (double) checked), checked, covered,
        MIN_DATA_SHARE, COVERED_FRACTION, tv, attributes.isEmpty() ? 0 : round(tvSum / attributes.size()), floor,
        accuracy, byAttribute);
  }

  /** Shares of each value of attribute {@code a} among the rows (rows without a value count in the total). */
  static double[] shares(int[][] codes, int a, int values) {
    double[] shares = new double[values];
    for (int[] row : codes) {
      if (row[a] >= 0 && row[a] < values) {
        shares[row[a]] += 1.0 / codes.length;
      }
    }
    return shares;
  }

  static double round(double value) {
    return Math.round(value * 10000) / 10000.0;
  }
}
