package dev.dgmspark.translate.spark;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * What {@code translate} is asked to do; serialised into the provenance.
 *
 * @param model a translation model folder (pix2pix or cyclegan)
 * @param data the shard folder whose images of the direction's source value are translated
 * @param out the output folder
 * @param direction {@code a2b} (pix2pix: source to target, cyclegan: domain A to B) or {@code b2a} (cyclegan only)
 * @param overwrite replace a finished output in {@code out}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TranslateOptions(String model, String data, String out, String direction, boolean overwrite) {
  /** Options translating the default way, {@code a2b}. */
  public static TranslateOptions of(String model, String data, String out, boolean overwrite) {
    return new TranslateOptions(model, data, out, dev.dgmspark.translate.TranslationDirection.A2B, overwrite);
  }
}
