package dev.dgmspark.generate;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * What {@code generate --shift} is asked to do; recorded as is (snake_case) in the provenance of
 * {@code summary.json}.
 *
 * @param model autoencoder model folder (ae, vae or betavae)
 * @param data shard folder whose images are encoded, and whose attribute column gives the attribute vector
 * @param shift the attribute, the value and the scale
 * @param count images to move (those without the value, chosen by the seed; fewer when the data has fewer)
 * @param out output folder
 * @param seed seed of the choice of images and of the measuring classifier
 * @param overwrite replace a finished run in {@code out}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ShiftOptions(String model, String data, ShiftRequest shift, int count, String out, long seed,
    boolean overwrite) {}
