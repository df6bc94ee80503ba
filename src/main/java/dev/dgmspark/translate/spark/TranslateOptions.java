package dev.dgmspark.translate.spark;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * What {@code translate} is asked to do; serialised into the provenance.
 *
 * @param model a pix2pix model folder
 * @param data the shard folder whose source-value images are translated
 * @param out the output folder
 * @param overwrite replace a finished output in {@code out}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TranslateOptions(String model, String data, String out, boolean overwrite) {}
