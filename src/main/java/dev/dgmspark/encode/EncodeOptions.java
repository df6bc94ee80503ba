package dev.dgmspark.encode;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * What {@code encode} is asked to do; recorded as is (snake_case) in the provenance of {@code summary.json}.
 *
 * <p>Start from {@link #of} and change values with the {@code withX} methods.
 *
 * @param data shard folder
 * @param model model folder (from {@code train})
 * @param out output folder; latents go to {@code out/latents}
 * @param batchSize images per inference batch
 * @param overwrite replace a finished run in {@code out}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record EncodeOptions(String data, String model, String out, int batchSize, boolean overwrite) {
  public static final int DEFAULT_BATCH_SIZE = 128;

  /** Encodes the shards in {@code data} with the model in {@code model} into {@code out}, at the defaults. */
  public static EncodeOptions of(String data, String model, String out) {
    return new EncodeOptions(data, model, out, DEFAULT_BATCH_SIZE, false);
  }

  public EncodeOptions withBatchSize(int value) {
    return new EncodeOptions(data, model, out, value, overwrite);
  }

  public EncodeOptions withOverwrite(boolean value) {
    return new EncodeOptions(data, model, out, batchSize, value);
  }
}
