package dev.dgmspark.translate.spark;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.dgmspark.common.Provenance;
import java.util.Map;

/**
 * What a translate run did, as its {@code summary.json} says (keys in snake_case).
 *
 * @param model the model folder
 * @param modelKind pix2pix or cyclegan
 * @param direction a2b or b2a
 * @param attribute the attribute the model changes
 * @param source the value of the images translated
 * @param target the value they are translated into
 * @param dataRows rows of the input shards
 * @param translated rows with the source value, each translated once
 * @param skipped rows with another value (or none), left out
 * @param shardAccepted translations the shard step accepted (equal to {@code translated})
 * @param targetRate share of translations the model's attribute classifier puts in the target value (null without
 *     a classifier in the model folder)
 * @param inputTargetRate the same share for the untranslated inputs (null without a classifier)
 * @param keptRate the minimum of {@code keptRates} (null when they are)
 * @param keptRates per other attribute the classifier reads (a CycleGAN's), the share of translations it puts in the
 *     value it reads in their input (null without a classifier or without other attributes, as for pix2pix)
 * @param images the folder of translated PNGs with {@code attributes.csv}
 * @param shards the shard folder made of them ({@code translated_from} names each one's input)
 * @param grid pairs of input and translation
 * @param seconds wall-clock time of the run
 * @param provenance what made the output
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"job"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TranslateSummary(String model, String modelKind, String direction, String attribute, String source,
    String target, long dataRows, long translated, long skipped, long shardAccepted, Double targetRate,
    Double inputTargetRate, Double keptRate, Map<String, Double> keptRates, String images, String shards,
    String grid, double seconds, Provenance provenance) {

  /** The job's name, the summary's first key. */
  @JsonProperty
  public String job() {
    return "translate";
  }
}
