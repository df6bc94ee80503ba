package dev.dgmspark.train;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * What {@code train --model pix2pix} is asked to do: the options every model shares and pix2pix's own; serialised
 * flat into the provenance.
 *
 * @param train the shared training options; kind pix2pix
 * @param source {@code ATTR=VALUE} of the input images
 * @param target {@code ATTR=VALUE} of their pairs, the same attribute
 * @param l1Weight λ, the L1 term's weight
 * @param beta1 Adam's first-moment decay
 * @param filters the first encoder and discriminator layers' filters
 * @param evalSamples held-out pairs the figures are measured on, at most (0: skip them)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Pix2PixOptions(
    // The autoencoder-only options and the latent size do not apply.
    @JsonUnwrapped @JsonIgnoreProperties({"latent_dim", "beta", "likelihood"}) TrainOptions train, String source,
    String target, double l1Weight, double beta1, int filters, int evalSamples) {

  /** Default Adam learning rate (the paper's). */
  public static final double DEFAULT_LEARNING_RATE = 2e-4;

  /** Defaults for everything but the shared options, the source and the target. */
  public static Pix2PixOptions of(TrainOptions train, String source, String target) {
    return new Pix2PixOptions(train, source, target, dev.dgmspark.translate.Pix2PixConfig.DEFAULT_L1_WEIGHT, 0.5, 32,
        1000);
  }

  public Pix2PixOptions withTrain(TrainOptions value) {
    return new Pix2PixOptions(value, source, target, l1Weight, beta1, filters, evalSamples);
  }

  public Pix2PixOptions withFilters(int value) {
    return new Pix2PixOptions(train, source, target, l1Weight, beta1, value, evalSamples);
  }
}
