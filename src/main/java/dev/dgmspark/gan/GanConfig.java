package dev.dgmspark.gan;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shape and training settings of a DCGAN or conditional GAN.
 *
 * @param conditional true for cgan: G and D both receive the condition
 * @param imageSize side of the square images: 28, 32 or 64 (tests may use other multiples of 4)
 * @param channels 1 or 3
 * @param noiseDim size of the noise z
 * @param filters filters of the discriminator's first convolution (and of the generator's last hidden layer); the
 *     other layers use 2x and 4x
 * @param conditions the condition attributes (empty for gan)
 * @param conditionValues each condition attribute's values, in one-hot order
 * @param learningRate Adam learning rate of both networks
 * @param beta1 Adam's first-moment decay (0.5 in DCGAN; Adam's usual 0.9 makes GANs oscillate)
 * @param labelSmoothing one-sided label smoothing: real images get the label 1 − this in the discriminator step
 * @param dSteps discriminator steps per generator step
 * @param seed weight initialisation seed
 * @param conditionMode cgan: how the discriminator uses the condition ({@link ConditionMode#INPUT} for gan)
 * @param augment the differentiable augmentation of the discriminator's images ({@link DiffAugment})
 * @param ema decay of the moving average of the generator's weights that sampling uses (0: sample with the trained
 *     weights; {@link dev.dgmspark.engine.WeightAverage})
 * @param r1 weight γ of the R1 gradient penalty on the discriminator's real images (0: none; {@link GanStep#r1Gradient})
 * @param refineLayers 3x3 convolutions (with batch normalisation and ReLU) the generator adds at the output
 *     resolution, before its output convolution (0 to {@link #MAX_REFINE_LAYERS}; {@link GanNetworks})
 * @param minibatchStd images per group of the discriminator's minibatch standard deviation feature (0: none; at
 *     least 2 otherwise; {@link dev.dgmspark.nn.MinibatchStdDev})
 * @param lrDecayEpochs the epochs over which both learning rates fall linearly from {@link #learningRate} towards
 *     zero (epoch e, counted from 1, trains at learningRate × (1 − (e − 1)/lrDecayEpochs), and at zero after them);
 *     0: a constant learning rate
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"model", "image_size", "channels", "noise_dim", "filters", "condition", "condition_mode",
    "learning_rate", "beta1", "label_smoothing", "d_steps", "augment", "ema", "r1", "refine_layers", "minibatch_std",
    "lr_decay_epochs", "seed"})
public record GanConfig(@JsonIgnore boolean conditional, int imageSize, int channels, int noiseDim, int filters,
    @JsonIgnore List<String> conditions, @JsonIgnore List<List<String>> conditionValues, double learningRate,
    double beta1, double labelSmoothing, int dSteps, long seed, @JsonIgnore ConditionMode conditionMode,
    @JsonIgnore DiffAugment.Policy augment, double ema, double r1, int refineLayers, int minibatchStd,
    int lrDecayEpochs) implements Serializable {
  /** The most full-resolution convolutions {@link #refineLayers} may ask for. */
  public static final int MAX_REFINE_LAYERS = 4;
  /** The largest group {@link #minibatchStd} may ask for. */
  public static final int MAX_MINIBATCH_STD = 64;

  /** A configuration whose discriminator takes the condition as input planes (cgan) or none (gan). */
  public GanConfig(boolean conditional, int imageSize, int channels, int noiseDim, int filters,
      List<String> conditions, List<List<String>> conditionValues, double learningRate, double beta1,
      double labelSmoothing, int dSteps, long seed) {
    this(conditional, imageSize, channels, noiseDim, filters, conditions, conditionValues, learningRate, beta1,
        labelSmoothing, dSteps, seed, ConditionMode.INPUT);
  }

  /** A configuration without augmentation. */
  public GanConfig(boolean conditional, int imageSize, int channels, int noiseDim, int filters,
      List<String> conditions, List<List<String>> conditionValues, double learningRate, double beta1,
      double labelSmoothing, int dSteps, long seed, ConditionMode conditionMode) {
    this(conditional, imageSize, channels, noiseDim, filters, conditions, conditionValues, learningRate, beta1,
        labelSmoothing, dSteps, seed, conditionMode, DiffAugment.Policy.NONE, 0, 0, 0, 0, 0);
  }

  /** This configuration with the augmentation {@code policy}. */
  public GanConfig withAugment(DiffAugment.Policy policy) {
    return new GanConfig(conditional, imageSize, channels, noiseDim, filters, conditions, conditionValues,
        learningRate, beta1, labelSmoothing, dSteps, seed, conditionMode, policy, ema, r1, refineLayers,
        minibatchStd, lrDecayEpochs);
  }

  /** This configuration with the generator's moving-average decay {@code decay}. */
  public GanConfig withEma(double decay) {
    return new GanConfig(conditional, imageSize, channels, noiseDim, filters, conditions, conditionValues,
        learningRate, beta1, labelSmoothing, dSteps, seed, conditionMode, augment, decay, r1, refineLayers,
        minibatchStd, lrDecayEpochs);
  }

  /** This configuration with the R1 penalty's weight {@code gamma}. */
  public GanConfig withR1(double gamma) {
    return new GanConfig(conditional, imageSize, channels, noiseDim, filters, conditions, conditionValues,
        learningRate, beta1, labelSmoothing, dSteps, seed, conditionMode, augment, ema, gamma, refineLayers,
        minibatchStd, lrDecayEpochs);
  }

  /** This configuration with {@code layers} full-resolution convolutions in the generator. */
  public GanConfig withRefineLayers(int layers) {
    return new GanConfig(conditional, imageSize, channels, noiseDim, filters, conditions, conditionValues,
        learningRate, beta1, labelSmoothing, dSteps, seed, conditionMode, augment, ema, r1, layers,
        minibatchStd, lrDecayEpochs);
  }

  /** This configuration with a minibatch standard deviation feature over groups of {@code group} images. */
  public GanConfig withMinibatchStd(int group) {
    return new GanConfig(conditional, imageSize, channels, noiseDim, filters, conditions, conditionValues,
        learningRate, beta1, labelSmoothing, dSteps, seed, conditionMode, augment, ema, r1, refineLayers, group,
        lrDecayEpochs);
  }

  /** This configuration with both learning rates falling linearly towards zero over {@code epochs} (0: constant). */
  public GanConfig withLrDecayEpochs(int epochs) {
    return new GanConfig(conditional, imageSize, channels, noiseDim, filters, conditions, conditionValues,
        learningRate, beta1, labelSmoothing, dSteps, seed, conditionMode, augment, ema, r1, refineLayers,
        minibatchStd, epochs);
  }

  public GanConfig {
    conditions = List.copyOf(conditions);
    List<List<String>> values = new ArrayList<>();
    conditionValues.forEach(v -> values.add(List.copyOf(v)));
    conditionValues = List.copyOf(values);
    if (imageSize < 8 || imageSize % 4 != 0) {
      throw new IllegalArgumentException("image size must be a multiple of 4, at least 8: " + imageSize);
    }
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("channels must be 1 or 3: " + channels);
    }
    if (noiseDim < 1 || filters < 1 || dSteps < 1) {
      throw new IllegalArgumentException("noise size, filters and discriminator steps must be positive");
    }
    if (conditions.size() != conditionValues.size() || conditional == conditions.isEmpty()) {
      throw new IllegalArgumentException("a conditional GAN needs condition attributes with values, a GAN none");
    }
    if (conditionMode == null || (!conditional && conditionMode != ConditionMode.INPUT)) {
      throw new IllegalArgumentException("a GAN has no condition mode; a conditional GAN needs one");
    }
    if (augment == null) {
      throw new IllegalArgumentException("the augmentation policy is missing (DiffAugment.Policy.NONE for none)");
    }
    if (!(ema >= 0 && ema < 1)) {
      throw new IllegalArgumentException("the moving average's decay must be in [0, 1): " + ema);
    }
    if (!(r1 >= 0) || Double.isInfinite(r1)) {
      throw new IllegalArgumentException("the R1 penalty's weight must be finite and >= 0: " + r1);
    }
    if (refineLayers < 0 || refineLayers > MAX_REFINE_LAYERS) {
      throw new IllegalArgumentException("the generator's full-resolution layers must be 0 to " + MAX_REFINE_LAYERS
          + ": " + refineLayers);
    }
    if (minibatchStd != 0 && (minibatchStd < 2 || minibatchStd > MAX_MINIBATCH_STD)) {
      throw new IllegalArgumentException("the minibatch standard deviation's group must be 0 (none) or 2 to "
          + MAX_MINIBATCH_STD + ": " + minibatchStd);
    }
    if (lrDecayEpochs < 0) {
      throw new IllegalArgumentException("the learning rate's decay epochs must be >= 0 (0: constant): "
          + lrDecayEpochs);
    }
    if (!(labelSmoothing >= 0 && labelSmoothing < 0.5)) {
      throw new IllegalArgumentException("label smoothing must be in [0, 0.5): " + labelSmoothing);
    }
  }

  /** Length of the condition vector: the one-hot codes of every condition attribute, concatenated. */
  public int conditionSize() {
    return conditionValues.stream().mapToInt(List::size).sum();
  }

  /** True when the discriminator has an auxiliary classifier head for the condition (AC-GAN). */
  public boolean auxiliaryClassifier() {
    return conditional && conditionMode == ConditionMode.CLASSIFIER;
  }

  /** Input channels of the discriminator: the image's, plus one plane per condition entry in input mode. */
  public int discriminatorChannels() {
    return channels + (conditional && !auxiliaryClassifier() ? conditionSize() : 0);
  }

  /** Output units of the discriminator: real/fake, plus one per condition entry with the auxiliary classifier. */
  public int discriminatorOutputs() {
    return 1 + (auxiliaryClassifier() ? conditionSize() : 0);
  }

  /** Values in one image. */
  public int pixelsPerImage() {
    return imageSize * imageSize * channels;
  }

  /** Number of stride-2 layers: halve the side while it stays even and above 4 (28: 7x7 after 2; 32 and 64: 4x4). */
  int upsamplings() {
    int levels = 0;
    int side = imageSize;
    while (side % 2 == 0 && side > 4 && levels < 4) {
      side /= 2;
      levels++;
    }
    return levels;
  }

  /** The model's name in {@code model.json} and summaries: cgan or gan. */
  @JsonProperty("model")
  public String modelName() {
    return conditional ? "cgan" : "gan";
  }

  /** Each condition attribute with its values in one-hot order (empty for gan). */
  @JsonProperty("condition")
  public Map<String, List<String>> conditionValuesByAttribute() {
    Map<String, List<String>> condition = new LinkedHashMap<>();
    for (int i = 0; i < conditions.size(); i++) {
      condition.put(conditions.get(i), conditionValues.get(i));
    }
    return condition;
  }

  /** The augmentation policy's label: {@code none} or e.g. {@code color,translation}. */
  @JsonProperty("augment")
  public String augmentLabel() {
    return augment.label();
  }

  /** The condition mode's label for a cgan; null (left out of the JSON) for a gan, which has none. */
  @JsonProperty("condition_mode")
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public String conditionModeLabel() {
    return conditional ? conditionMode.label() : null;
  }
}
