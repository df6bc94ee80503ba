package dev.dgmspark.outliers;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.dgmspark.common.Provenance;
import java.util.List;
import java.util.Map;

/**
 * What an outliers run did, as its {@code summary.json} says (keys in snake_case).
 *
 * @param data the shard folder
 * @param model the model folder
 * @param likelihood its decoder's likelihood (bernoulli or gaussian)
 * @param latents the latents read (encoded by this run or given)
 * @param out the output folder
 * @param rows images scored
 * @param rowsWithoutFiniteScores images whose latent mean or reconstruction error is not finite: no score, ranked
 *     first
 * @param latentDims the latent dimension
 * @param reconWeight the reconstruction component's weight in the score
 * @param top images in {@code top_images} and in the report
 * @param reconstructionScale how reconstruction excesses (error minus the image's floor) were standardised
 * @param densityScale how relative log densities were standardised
 * @param density the k-NN density's settings and what its fit found
 * @param topImages the highest-scoring images, by rank
 * @param attributeShares when the shards have attribute columns: per attribute and value, its rows and its share of
 *     all images and of the top images
 * @param seconds wall-clock time of the run
 * @param encodeSeconds of which encoding the shards (0 with given latents)
 * @param scoreSeconds of which the density, scores and ranking
 * @param provenance what made the output
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"job"})
public record OutliersSummary(String data, String model, String likelihood, String latents, String out, long rows, long rowsWithoutFiniteScores,
    int latentDims, double reconWeight, int top, OutlierScoring.Scale reconstructionScale,
    OutlierScoring.Scale densityScale, Density density, List<Outlier> topImages,
    Map<String, Map<String, ValueShare>> attributeShares, double seconds, double encodeSeconds, double scoreSeconds,
    Provenance provenance) {

  /**
   * One scored image, as {@code outliers.parquet} and {@code outliers.jsonl} hold it.
   *
   * @param rank 1 for the highest score
   * @param id the image's id in the shards
   * @param path the image's source path
   * @param score the outlier score; null when a component is not finite
   * @param reconError the reconstruction error (nats; the negative log-likelihood under the decoder with z = the
   *     latent mean, as {@code encode} writes it)
   * @param reconExcess the reconstruction error minus that of a perfect reconstruction of the same image (nats; the
   *     Bernoulli decoder's floor is the image's own pixel entropy, the Gaussian's is the same for every image, taken
   *     as 0)
   * @param logDensity the latent mean's log density relative to the typical one (nats; negative = rarer)
   * @param reconScore the standardised reconstruction excess
   * @param densityScore the standardised rarity (the negated, standardised log density)
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Outlier(long rank, String id, String path, Double score, Double reconError, Double reconExcess,
      Double logDensity, Double reconScore, Double densityScore) {}

  /**
   * The k-NN density of the latent means (the debias job's estimator, {@code dev.dgmspark.debias.KnnDensity}).
   *
   * @param k the neighbour whose distance measures the density
   * @param referenceSize rows in the reference sample
   * @param referenceCapacity the most rows it could hold ({@code --reference-size})
   * @param referenceSeed the sample's seed
   * @param exponentDimsOption {@code --density-dims}: 0 estimates D
   * @param estimatedIntrinsicDims the intrinsic dimension estimated from the reference
   * @param exponentDims D, used in density ∝ 1/r^D
   * @param meanLogKthDistance the typical log distance to the k-th neighbour (log density 0)
   * @param sampleSeconds time to draw the reference sample
   * @param fitSeconds time to fit the density on it
   * @param distanceSeconds time to find every row's neighbours
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Density(int k, int referenceSize, int referenceCapacity, long referenceSeed,
      double exponentDimsOption, double estimatedIntrinsicDims, double exponentDims, double meanLogKthDistance,
      double sampleSeconds, double fitSeconds, double distanceSeconds) {}

  /**
   * An attribute value among all images and among the top ones.
   *
   * @param rows images with the value
   * @param inTop of which among the top images
   * @param share its share of all images
   * @param topShare its share of the top images (with a planted value and top = the planted count: the precision at
   *     k)
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record ValueShare(long rows, long inTop, double share, double topShare) {}

  /** The job's name, the summary's first key. */
  @JsonProperty
  public String job() {
    return "outliers";
  }
}
