package dev.dgmspark.shard;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.dgmspark.common.Provenance;
import java.util.List;
import java.util.Map;

/**
 * What a shard run did, as its {@code summary.json} says (keys in snake_case: {@code images_per_second}).
 *
 * @param input the input folder
 * @param out the output folder
 * @param inputs files listed; always {@code accepted + rejected}
 * @param accepted files written into shards
 * @param rejected files listed in {@code rejects.jsonl}
 * @param rejectReasons rejected files per reason code, sorted by code
 * @param converted accepted files converted from another layout (grey, palette, 16-bit, ...), per source layout
 * @param acceptedWithDecoderWarnings accepted files the decoder warned about
 * @param shards shard files written
 * @param rows rows in the shards (the accepted files)
 * @param bytesRead bytes of the input files read
 * @param outputBytes bytes of the shard files
 * @param seconds wall-clock time of the run
 * @param imagesPerSecond inputs per second of the run
 * @param taskSeconds time the tasks spent per phase, summed over tasks
 * @param driverSeconds time the driver spent per phase
 * @param listing how the input was listed
 * @param attributes how the attributes CSV joined the images
 * @param provenance what made the output
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"job"})
public record ShardSummary(String input, String out, long inputs, long accepted, long rejected,
    Map<String, Long> rejectReasons, Map<String, Long> converted, long acceptedWithDecoderWarnings, int shards,
    long rows, long bytesRead, long outputBytes, double seconds, double imagesPerSecond, TaskSeconds taskSeconds,
    DriverSeconds driverSeconds, Listing listing, Attributes attributes, Provenance provenance) {

  /** The job's name, the summary's first key. */
  @JsonProperty
  public String job() {
    return "shard";
  }

  /** Seconds the tasks spent reading, decoding and writing, summed over tasks. */
  public record TaskSeconds(double read, double decode, double write) {}

  /** Seconds the driver spent listing the input, waiting for the tasks and committing their files. */
  public record DriverSeconds(double list, double tasks, double commit) {}

  /**
   * How the input was listed.
   *
   * @param mode {@code flat} (on the driver) or {@code distributed} (in Spark tasks, written as Parquet files)
   * @param reason why this mode: {@code asked}, {@code single_file}, {@code object_store}, {@code under_threshold} or
   *     {@code over_threshold} (a flat listing passed {@code threshold} files and was dropped for a distributed one)
   * @param threshold the listing threshold in force
   * @param prefixes folders listed in tasks (0 for flat)
   * @param tasks listing tasks (0 for flat)
   * @param files files listed
   * @param seconds wall-clock time of the listing, a dropped flat attempt included
   * @param planSeconds of which the driver spent finding the prefixes (distributed)
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Listing(String mode, String reason, long threshold, int prefixes, int tasks, long files,
      double seconds, double planSeconds) {}

  /**
   * How the attributes CSV joined the images.
   *
   * @param file the CSV, or null for none
   * @param columns its attribute columns
   * @param matched listed files the CSV names
   * @param acceptedWithoutAttributes accepted files the CSV does not name
   * @param rowsWithoutInput rows of the CSV that name no listed file
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Attributes(String file, List<String> columns, long matched, long acceptedWithoutAttributes,
      long rowsWithoutInput) {}
}
