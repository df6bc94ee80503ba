package dev.dgmspark.gan;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Map;

/**
 * The quality figures {@link GanQuality} measures, as {@code summary.json} writes them inline after the GAN's loss
 * figures. Maps are keyed by attribute (or value) names, which only the data knows.
 *
 * @param classifierAccuracy the attribute classifier's accuracy on held-out real images
 * @param modeCoverage attribute values with a large enough share of the data, and which the samples cover
 * @param attributeTvDistance per attribute, ½ Σ |p_training − p_generated|, plus {@code mean}
 * @param attributeTvDistanceHeldOutReal the same for classified held-out real images: the classifier's floor
 * @param frechetDistance Fréchet distances in the classifier's feature layer
 * @param conditionAccuracy cgan: per condition attribute, how often the classifier agrees with the condition asked
 *     for (null for an unconditional GAN)
 * @param generatedImages images generated for the figures
 * @param seconds time the measurement took
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"classifier_accuracy", "mode_coverage", "attribute_tv_distance",
    "attribute_tv_distance_held_out_real", "frechet_distance", "condition_accuracy", "generated_images", "seconds"})
public record GanQualityFigures(ClassifierAccuracy classifierAccuracy, ModeCoverage modeCoverage,
    Map<String, Double> attributeTvDistance, Map<String, Double> attributeTvDistanceHeldOutReal,
    Frechet frechetDistance, ConditionAccuracy conditionAccuracy, int generatedImages, Double seconds) {

  /** The same figures with the time they took. */
  public GanQualityFigures withSeconds(double value) {
    return new GanQualityFigures(classifierAccuracy, modeCoverage, attributeTvDistance,
        attributeTvDistanceHeldOutReal, frechetDistance, conditionAccuracy, generatedImages, value);
  }

  /**
   * Accuracy per attribute on held-out images (written as one key per attribute), their mean and the image counts.
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record ClassifierAccuracy(@JsonIgnore Map<String, Double> byAttribute, double mean, int heldOutImages,
      int trainingImages) {
    /** One key per attribute, before the fixed keys. */
    @JsonAnyGetter
    public Map<String, Double> attributes() {
      return byAttribute;
    }
  }

  /** Which modes (attribute values with at least {@link GanQuality#MODE_MIN_SHARE} of the data) the samples cover. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonPropertyOrder({"covered", "values", "all_covered", "rule", "by_attribute"})
  public record ModeCoverage(int covered, int values, boolean allCovered, String rule,
      Map<String, Map<String, ValueCoverage>> byAttribute) {}

  /** One mode's shares in the training data and among the classified samples. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record ValueCoverage(double trainingShare, double generatedShare, boolean covered) {}

  /** Fréchet distances between Gaussians fitted to feature sets. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Frechet(double generatedVsHeldOut, double trainingVsHeldOut, String featureSpace,
      int generatedImages) {}

  /** cgan: condition accuracy per condition attribute (one key each), their mean and the mean chance level. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record ConditionAccuracy(@JsonIgnore Map<String, Condition> byAttribute, double mean, double meanChance) {
    /** One key per condition attribute, before the fixed keys. */
    @JsonAnyGetter
    public Map<String, Condition> attributes() {
      return byAttribute;
    }
  }

  /** One condition attribute: mean accuracy over its values, chance (1 / values), and the accuracy per value. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Condition(double accuracy, double chance, Map<String, Double> byValue) {}
}
