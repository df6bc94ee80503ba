package dev.dgmspark.generate;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.dgmspark.common.Provenance;

/**
 * What a {@code generate --shift} run did, as its {@code summary.json} says (keys in snake_case).
 *
 * @param model the model folder
 * @param data the shard folder
 * @param attribute the attribute column (resolved from the request's prefix)
 * @param value the value moved towards
 * @param scale attribute vectors added
 * @param attributeVectorNorm length of the attribute vector
 * @param imagesWithValue images the vector's first mean was taken over
 * @param imagesWithoutValue images with another known value (the second mean, and the pool of images moved)
 * @param count images moved and written
 * @param valueRate the measuring classifier's share of images it judges to have the value
 * @param images the folder of moved PNGs ({@code attributes.csv} names each one's source image)
 * @param shards the shard folder made of them
 * @param shardAccepted images the shard step accepted
 * @param latents the encoded data (Parquet, as {@code encode} writes it)
 * @param grid originals, their reconstructions and the moved images, first 8 of each
 * @param seconds wall-clock time of the run
 * @param provenance what made the output
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"job", "mode"})
public record ShiftSummary(String model, String data, String attribute, String value, double scale,
    double attributeVectorNorm, long imagesWithValue, long imagesWithoutValue, int count, ValueRate valueRate,
    String images, String shards, long shardAccepted, String latents, String grid, double seconds,
    Provenance provenance) {

  /**
   * How often an attribute classifier trained on the data (not on the images moved) judges images to have the value.
   *
   * @param inputs on the images before the move (all without the value)
   * @param reconstructions on their reconstructions (decoded latent means, no move)
   * @param outputs on the moved images
   * @param measuredImages images of each kind the rates are over
   * @param classifierHeldOutAccuracy the classifier's accuracy on held-out images of the data
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record ValueRate(double inputs, double reconstructions, double outputs, int measuredImages,
      double classifierHeldOutAccuracy) {}

  /** The job's name, the summary's first key. */
  @JsonProperty
  public String job() {
    return "generate";
  }

  /** What generate did: moved encoded images along an attribute vector. */
  @JsonProperty
  public String mode() {
    return "shift";
  }
}
