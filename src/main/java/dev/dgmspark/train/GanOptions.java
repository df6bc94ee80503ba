package dev.dgmspark.train;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.dgmspark.common.ModelKind;
import dev.dgmspark.gan.ConditionMode;
import dev.dgmspark.gan.DiffAugment;
import dev.dgmspark.gan.GanConfig;
import java.util.List;

/**
 * What {@code train --model gan|cgan} is asked to do: the options every model shares (with
 * {@link TrainOptions#latentDim()} as the noise size) and the GAN's own; serialised flat into the provenance.
 *
 * @param train the shared training options; kind gan or cgan
 * @param condition cgan: the attribute columns to condition on (a unique prefix of a column name is enough)
 * @param dSteps discriminator steps per generator step (k in Goodfellow et al.)
 * @param beta1 Adam's first-moment decay
 * @param labelSmoothing one-sided label smoothing of the real images' label
 * @param filters the discriminator's first-layer filters (and the generator's last hidden layer's)
 * @param evalSamples generated images for the quality figures at the end (0: skip them)
 * @param conditionMode cgan: how the discriminator uses the condition (ignored for gan)
 * @param augment the differentiable augmentation of the discriminator's images
 * @param ema decay of the moving average of the generator's weights that sampling uses (0: the trained weights)
 * @param r1 weight of the R1 gradient penalty on the discriminator (0: none)
 * @param refineLayers 3x3 convolutions the generator adds at the output resolution ({@link GanConfig#refineLayers})
 * @param minibatchStd group size of the discriminator's minibatch standard deviation feature (0: none;
 *     {@link GanConfig#minibatchStd})
 * @param lrDecay true: both learning rates fall linearly towards zero over the run's epochs
 *     ({@link GanConfig#lrDecayEpochs}); false: constant
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record GanOptions(
    // The autoencoder-only options and the latent size (recorded as noise_dim) are left out of the provenance.
    @JsonUnwrapped @JsonIgnoreProperties({"latent_dim", "beta", "likelihood"}) TrainOptions train,
    List<String> condition, int dSteps, double beta1, double labelSmoothing, int filters, int evalSamples,
    @JsonIgnore ConditionMode conditionMode, @JsonIgnore DiffAugment.Policy augment, double ema, double r1,
    int refineLayers, int minibatchStd, @JsonIgnore boolean lrDecay) {

  /** Default noise size. */
  public static final int DEFAULT_NOISE = 64;
  /** Default Adam learning rate (DCGAN). */
  public static final double DEFAULT_LEARNING_RATE = 2e-4;
  /**
   * Default condition mode of cgan: the auxiliary classifier. Measured on 6,000 synthetic 32x32 faces, 19 minutes on
   * 2 cores: glasses matched the request in 94% of samples against 53% (chance 50%) with input planes.
   */
  public static final ConditionMode DEFAULT_CONDITION_MODE = ConditionMode.CLASSIFIER;

  /**
   * Default augmentation: colour and translation (DiffAugment). Without it the discriminator memorises a few thousand
   * training images and the samples get worse the longer a GAN trains; translation alone, or with cutout, held it
   * back less; the cgan's classifier head still learns colour conditions from colour-changed images (measured in the
   * README's GAN section).
   */
  public static final DiffAugment.Policy DEFAULT_AUGMENT = DiffAugment.Policy.parse("color,translation");

  /** Default decay of the generator's moving average: none (sampling uses the trained weights). */
  public static final double DEFAULT_EMA = 0;

  /** Default weight of the R1 penalty: none. */
  public static final double DEFAULT_R1 = 0;

  /** Default full-resolution convolutions of the generator: none (see {@link GanConfig#refineLayers}). */
  public static final int DEFAULT_REFINE_LAYERS = 0;

  /** Default group of the discriminator's minibatch standard deviation feature: none. */
  public static final int DEFAULT_MINIBATCH_STD = 0;

  /** Default learning rates: constant. */
  public static final boolean DEFAULT_LR_DECAY = false;

  /** The {@code --lr-decay} values, in order: constant, and linear towards zero. */
  public static final List<String> LR_DECAY_VALUES = List.of("none", "linear");

  public GanOptions {
    condition = List.copyOf(condition);
  }

  /** Defaults for everything but the model, the data, the output and the condition. */
  public static GanOptions of(TrainOptions train, List<String> condition) {
    return new GanOptions(train, condition, 1, 0.5, 0.1, 32, 1000, DEFAULT_CONDITION_MODE, DEFAULT_AUGMENT,
        DEFAULT_EMA, DEFAULT_R1, DEFAULT_REFINE_LAYERS, DEFAULT_MINIBATCH_STD, DEFAULT_LR_DECAY);
  }

  public GanOptions withTrain(TrainOptions value) {
    return new GanOptions(value, condition, dSteps, beta1, labelSmoothing, filters, evalSamples,
        conditionMode, augment, ema, r1, refineLayers, minibatchStd, lrDecay);
  }

  public GanOptions withFilters(int value) {
    return new GanOptions(train, condition, dSteps, beta1, labelSmoothing, value, evalSamples,
        conditionMode, augment, ema, r1, refineLayers, minibatchStd, lrDecay);
  }

  public GanOptions withEvalSamples(int value) {
    return new GanOptions(train, condition, dSteps, beta1, labelSmoothing, filters, value,
        conditionMode, augment, ema, r1, refineLayers, minibatchStd, lrDecay);
  }

  public GanOptions withLrDecay(boolean value) {
    return new GanOptions(train, condition, dSteps, beta1, labelSmoothing, filters, evalSamples,
        conditionMode, augment, ema, r1, refineLayers, minibatchStd, value);
  }

  /** The noise size, recorded under its own name ({@code latent_dim} of the shared options is left out). */
  @JsonProperty("noise_dim")
  public int noiseDim() {
    return train.latentDim();
  }

  /** The learning-rate decay's {@code --lr-decay} value: {@code none} or {@code linear}. */
  @JsonProperty("lr_decay")
  public String lrDecayLabel() {
    return LR_DECAY_VALUES.get(lrDecay ? 1 : 0);
  }

  /** The augmentation policy's label: {@code none} or e.g. {@code color,translation}. */
  @JsonProperty("augment")
  public String augmentLabel() {
    return augment.label();
  }

  /** The condition mode's label for a cgan; null (left out of the JSON) for a gan. */
  @JsonProperty("condition_mode")
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public String conditionModeLabel() {
    return train.kind() == ModelKind.CGAN ? conditionMode.label() : null;
  }
}
