package dev.dgmspark.debias;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.dgmspark.common.Provenance;
import java.util.Map;

/**
 * What a debias run did, as its {@code summary.json} says (keys in snake_case); {@link DebiasReport} renders it.
 *
 * @param data the shard folder
 * @param latents the latents read (given, or encoded by the run); null with {@code pixels} features
 * @param out the output folder
 * @param estimator the density estimate, as the command line spells it ({@code multiscale}, {@code knn} or
 *     {@code histogram})
 * @param features what rarity was judged by, as the command line spells it ({@code latent} or {@code pixels})
 * @param alpha the density smoothing used (the k-NN floor with {@code knn}, the bin smoothing with {@code histogram},
 *     0 with {@code multiscale})
 * @param bins histogram bins per latent dimension
 * @param combine how the per-dimension terms were combined, as the command line spells it
 * @param seed the resampling seed
 * @param inputRows rows of the input
 * @param rowsWithoutFiniteLatents input rows whose latent mean has a NaN or infinite component (never drawn)
 * @param outputRows rows drawn, with repetition
 * @param distinctRowsDrawn rows drawn at least once (the manifest's rows)
 * @param latentDims latent dimensions (pixel components with {@code pixels} features)
 * @param knn the k-NN settings and fitted figures; null (not written) with other estimators
 * @param multiscale the multiscale settings and fitted figures; null (not written) with other estimators
 * @param effectiveSampleSize (Σw)²/Σw² of the weights, one decimal
 * @param effectiveSampleFraction the effective sample size over the rows with weights, four decimals
 * @param maxWeight the largest weight, with weights averaging 1
 * @param attributeShares per attribute and value (sorted), its share before and after; empty without attributes
 * @param seconds wall-clock time of the run
 * @param encodeSeconds the part of it spent encoding (0 when latents were given)
 * @param weightSeconds the part of it spent fitting the density and weighting every row
 * @param provenance what made the output
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"job"})
public record DebiasSummary(String data, String latents, String out, String estimator, String features,
    double alpha, int bins, String combine, long seed, long inputRows, long rowsWithoutFiniteLatents,
    long outputRows, long distinctRowsDrawn, int latentDims, @JsonInclude(JsonInclude.Include.NON_NULL) Knn knn,
    @JsonInclude(JsonInclude.Include.NON_NULL) MultiScale multiscale, double effectiveSampleSize,
    double effectiveSampleFraction, double maxWeight,
    Map<String, Map<String, ValueShare>> attributeShares, double seconds, double encodeSeconds, double weightSeconds,
    Provenance provenance) {

  /** The job's name, the summary's first key. */
  @JsonProperty
  public String job() {
    return "debias";
  }

  /** The share of {@code attribute=value} before and after, or null when the input has no such value. */
  public ValueShare share(String attribute, String value) {
    return attributeShares.getOrDefault(attribute, Map.of()).get(value);
  }

  /**
   * One attribute value's share of the input rows and of the drawn rows.
   *
   * @param before its share of the input rows, six decimals
   * @param after its share of the drawn rows, counting each row as often as it was drawn, six decimals
   * @param rows input rows with the value
   * @param drawn draws of rows with the value
   */
  public record ValueShare(double before, double after, long rows, long drawn) {}

  /**
   * The k-NN estimator's settings and what its fit found ({@link KnnDensity}).
   *
   * @param k the neighbour whose distance measures the density
   * @param gamma the weight's strength
   * @param alpha the floor added to the relative density
   * @param referenceSize rows in the reference sample
   * @param referenceCapacity the most rows the reference sample could hold ({@code --reference-size})
   * @param referenceSeed the seed of the reference sample's keys
   * @param exponentDimsOption D as asked for ({@code --density-dims}); 0 estimates it
   * @param estimatedIntrinsicDims the intrinsic dimension estimated from the reference sample, three decimals
   * @param exponentDims D as used in density ∝ 1/r^D, three decimals
   * @param meanLogKthDistance the reference rows' mean log distance to their k-th neighbour, six decimals
   * @param sampleSeconds time to draw the reference sample
   * @param fitSeconds time to fit the density on the driver
   * @param distanceSeconds time to find every row's k-th neighbour distance and weight
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Knn(int k, double gamma, double alpha, int referenceSize, int referenceCapacity, long referenceSeed,
      double exponentDimsOption, double estimatedIntrinsicDims, double exponentDims, double meanLogKthDistance,
      double sampleSeconds, double fitSeconds, double distanceSeconds) {}

  /**
   * The multiscale estimator's settings and what its fit found ({@link MultiScaleRarity}).
   *
   * @param scales the neighbourhood sizes asked for, as shares of the reference rows
   * @param k the neighbour ranks they gave, k_s = round(share x (the scale's reference rows − 1))
   * @param scaleReferenceRows per scale, the reference rows it searched (a prefix of the reference sample)
   * @param blockEnds where each feature space ends in a row's vector (one for the latent means alone; the latent
   *     means, then the appearance for {@code latent+appearance})
   * @param blockScales the neighbourhood shares each feature space is judged at; k and the per-scale figures below
   *     follow them, block after block
   * @param targetEffectiveSampleFraction the effective sample size asked for, as a share of the rows
   * @param gamma the strength calibrated to it on the reference sample, four decimals
   * @param referenceEffectiveSampleFraction the reference rows' effective sample share at that strength, four decimals
   * @param meanLogKthDistance per scale, the reference rows' mean log distance to their k_s-th neighbour, six decimals
   * @param sdLogKthDistance per scale, its standard deviation, six decimals
   * @param maxScore the rarest reference row's score (the cap), four decimals
   * @param referenceSize rows in the reference sample
   * @param referenceCapacity the most rows the reference sample could hold ({@code --reference-size})
   * @param referenceSeed the seed of the reference sample's keys
   * @param sampleSeconds time to draw the reference sample
   * @param fitSeconds time to fit the scales and calibrate the strength on the driver
   * @param distanceSeconds time to find every row's neighbour distances and weight
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record MultiScale(java.util.List<Double> scales, int[] blockEnds, java.util.List<java.util.List<Double>>
      blockScales, int[] k, int[] scaleReferenceRows,
      double targetEffectiveSampleFraction,
      double gamma, double referenceEffectiveSampleFraction, double[] meanLogKthDistance, double[] sdLogKthDistance,
      double maxScore, int referenceSize, int referenceCapacity, long referenceSeed, double sampleSeconds,
      double fitSeconds, double distanceSeconds) {}
}
