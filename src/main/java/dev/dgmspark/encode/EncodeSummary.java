package dev.dgmspark.encode;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.dgmspark.common.Provenance;

/**
 * What an encode run did, as its {@code summary.json} says (keys in snake_case).
 *
 * @param data the shard folder
 * @param model the model folder
 * @param latents the latents folder written
 * @param rows latent rows written, one per image
 * @param latentDim size of each latent vector
 * @param seconds wall-clock time of the run
 * @param rowsPerSecond rows per second of the run
 * @param provenance what made the output
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"job"})
public record EncodeSummary(String data, String model, String latents, long rows, int latentDim, double seconds,
    double rowsPerSecond, Provenance provenance) {

  /** The job's name, the summary's first key. */
  @JsonProperty
  public String job() {
    return "encode";
  }
}
