package dev.dgmspark.train;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.dgmspark.gan.DiffAugment;
import dev.dgmspark.translate.CycleGanConfig;

/**
 * What {@code train --model cyclegan} is asked to do: the options every model shares and CycleGAN's own; serialised
 * flat into the provenance.
 *
 * @param train the shared training options; kind cyclegan
 * @param domainA {@code ATTR=VALUE} of domain A's images
 * @param domainB {@code ATTR=VALUE} of domain B's images, the same attribute
 * @param cycleWeight λ of the cycle-consistency terms
 * @param identityWeight weight of the identity terms
 * @param beta1 Adam's first-moment decay
 * @param filters the first encoder and discriminator layers' filters
 * @param evalSamples held-out images of each domain the figures are measured on, at most (0: skip them)
 * @param augment the differentiable augmentation of the discriminators' images
 * @param ema decay of the moving averages of the generators' weights that translation uses (0: the trained weights)
 * @param keepWeight weight of the attribute-keeping terms (0: none; {@link CycleGanConfig#keepWeight()})
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CycleGanOptions(
    // The autoencoder-only options and the latent size do not apply.
    @JsonUnwrapped @JsonIgnoreProperties({"latent_dim", "beta", "likelihood"}) TrainOptions train, String domainA,
    String domainB, double cycleWeight, double identityWeight, double beta1, int filters, int evalSamples,
    @JsonIgnore DiffAugment.Policy augment, double ema, double keepWeight) {

  /** Default decay of the generators' moving averages: none (translation uses the trained weights). */
  public static final double DEFAULT_EMA = 0;

  /** Default augmentation of the discriminators' images. */
  public static final DiffAugment.Policy DEFAULT_AUGMENT = DiffAugment.Policy.NONE;

  /** Default weight of the attribute-keeping terms: none (the paper's CycleGAN). */
  public static final double DEFAULT_KEEP_WEIGHT = 0;

  /** Defaults for everything but the shared options and the domains. */
  public static CycleGanOptions of(TrainOptions train, String domainA, String domainB) {
    return new CycleGanOptions(train, domainA, domainB, CycleGanConfig.DEFAULT_CYCLE_WEIGHT,
        CycleGanConfig.DEFAULT_IDENTITY_WEIGHT, 0.5, 32, 1000, DEFAULT_AUGMENT, DEFAULT_EMA, DEFAULT_KEEP_WEIGHT);
  }

  public CycleGanOptions withTrain(TrainOptions value) {
    return new CycleGanOptions(value, domainA, domainB, cycleWeight, identityWeight, beta1, filters, evalSamples,
        augment, ema, keepWeight);
  }

  public CycleGanOptions withFilters(int value) {
    return new CycleGanOptions(train, domainA, domainB, cycleWeight, identityWeight, beta1, value, evalSamples,
        augment, ema, keepWeight);
  }

  public CycleGanOptions withKeepWeight(double value) {
    return new CycleGanOptions(train, domainA, domainB, cycleWeight, identityWeight, beta1, filters, evalSamples,
        augment, ema, value);
  }

  /** The augmentation policy's label: {@code none} or e.g. {@code translation,cutout}. */
  @JsonProperty("augment")
  public String augmentLabel() {
    return augment.label();
  }
}
