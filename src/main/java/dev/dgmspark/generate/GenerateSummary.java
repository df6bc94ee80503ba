package dev.dgmspark.generate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.dgmspark.sample.ImageSampler;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.dgmspark.common.Provenance;
import java.util.Map;

/**
 * What a generate run did, as its {@code summary.json} says (keys in snake_case).
 *
 * @param model the model folder
 * @param modelKind gan, cgan, vae, betavae or ae
 * @param count images drawn
 * @param condition cgan: the condition values requested, by attribute (empty otherwise)
 * @param sampling a diffusion model's sampler, steps and η (absent for one-pass generators)
 * @param images the folder of PNGs
 * @param shards the shard folder made of them
 * @param shardAccepted images the shard step accepted
 * @param grid the grid of the first 64
 * @param seconds wall-clock time of the run
 * @param provenance what made the output
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"job"})
public record GenerateSummary(String model, String modelKind, int count, Map<String, String> condition,
    @JsonInclude(JsonInclude.Include.NON_NULL) ImageSampler.Steps sampling, String images, String shards,
    long shardAccepted, String grid, double seconds, Provenance provenance) {

  /** The job's name, the summary's first key. */
  @JsonProperty
  public String job() {
    return "generate";
  }
}
