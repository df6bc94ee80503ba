package dev.dgmspark.evaluate;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.dgmspark.common.Provenance;

/**
 * What an evaluate run measured, as its {@code evaluation.json} says (keys in snake_case). The headline figures
 * come first; every figure of generated images has its real-against-real counterpart in {@code real_vs_real}.
 *
 * @param model the model folder (null when {@code samples} was measured)
 * @param modelKind gan, cgan, vae, ... or {@code samples}
 * @param samples the shard folder of generated images measured (null for a model)
 * @param data the real shard folder
 * @param frechetDistance Fréchet distance between the reference half of the held-out real features and the
 *     generated features
 * @param frechetFloor the same between the reference half and the floor half (real against real)
 * @param frechetRatio frechet_distance / frechet_floor (1 = as close as two real samples; null when the floor is 0)
 * @param precision share of generated images inside the real feature manifold (Kynkäänniemi et al. 2019)
 * @param recall share of real images inside the generated feature manifold
 * @param c2stAccuracy held-out accuracy of a fresh classifier telling real from generated features (0.5 =
 *     indistinguishable)
 * @param attributeCoverage {@code attributes.coverage}, or null when the feature network has no attribute heads
 * @param meanAttributeTvDistance {@code attributes.mean_tv_distance}, or null
 * @param imagesPerSecond sampling throughput (null for {@code samples})
 * @param latencyMsPerImage time to draw one image alone (null for {@code samples})
 * @param k the neighbour of the manifold radii
 * @param realImages held-out real images in the reference half
 * @param floorImages held-out real images in the floor half
 * @param generatedImages generated images measured
 * @param realVsReal precision, recall and two-sample accuracy of the floor half against the reference half
 * @param attributes attribute coverage and distances (null without attribute heads)
 * @param sampling how the speed was measured (null for {@code samples})
 * @param featureModel the feature model used, and whether this run trained it
 * @param realGrid the reference half's first 64 images
 * @param generatedGrid the first 64 generated images
 * @param report the report page
 * @param seconds wall-clock time of the run
 * @param seed the seed
 * @param provenance what made the output
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"job"})
public record EvaluationSummary(String model, String modelKind, String samples, String data, double frechetDistance,
    double frechetFloor, Double frechetRatio, double precision, double recall, double c2stAccuracy,
    Double attributeCoverage, Double meanAttributeTvDistance, Double imagesPerSecond, Double latencyMsPerImage, int k,
    int realImages, int floorImages, int generatedImages, RealVsReal realVsReal, AttributeFit attributes,
    Sampling sampling, FeatureModelUse featureModel, String realGrid, String generatedGrid, String report,
    double seconds, long seed, Provenance provenance) {

  /** The job's name, the summary's first key. */
  @JsonProperty
  public String job() {
    return "evaluate";
  }

  /** The floors: the floor half of the held-out real images measured as if it were generated. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record RealVsReal(double frechetDistance, double precision, double recall, double c2stAccuracy) {}

  /**
   * How sampling speed was measured: on the driver, in one JVM thread (ND4J's own threads as {@code OMP_NUM_THREADS}
   * sets them).
   *
   * @param batchSize images per forward pass for the throughput
   * @param latencyDraws single-image draws timed for the latency (after warm-up)
   * @param ompNumThreads the driver's {@code OMP_NUM_THREADS}, or null when unset
   * @param sampler a multi-step model's sampler (ddim or ddpm), null for one-pass generators
   * @param steps its denoising steps
   * @param eta its DDIM η
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
  public record Sampling(int batchSize, int latencyDraws, String ompNumThreads, String sampler, Integer steps,
      Double eta) {}

  /**
   * The feature model.
   *
   * @param folder where it is (reuse it with {@code --feature-model})
   * @param trainedNow true when this run trained it
   * @param targets attributes or rotation
   * @param trainedOnThisData true when it was trained on shards with this {@code index.json} checksum
   * @param dataIndexSha256 the checksum of the shards it was trained on
   * @param heldOutAccuracy its accuracy on held-out real images, per target
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record FeatureModelUse(String folder, boolean trainedNow, String targets, boolean trainedOnThisData,
      String dataIndexSha256, java.util.Map<String, Double> heldOutAccuracy) {}
}
