package dev.dgmspark.translate;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.dgmspark.gan.DiffAugment;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shape and training settings of a CycleGAN model (Zhu et al. 2017), and what it translates: images whose
 * {@code attribute} is {@code domainA} into {@code domainB} and back.
 *
 * @param imageSize side of the square images: a multiple of 4, at least 8
 * @param channels 1 or 3
 * @param filters filters of the first encoder and discriminator layers
 * @param cycleWeight λ of the cycle-consistency terms (10 in the paper)
 * @param identityWeight weight of the identity terms (the paper's 0.5·λ: 5)
 * @param learningRate Adam learning rate of the four networks
 * @param beta1 Adam's first-moment decay (0.5 in the paper)
 * @param seed weight initialisation seed
 * @param attribute the attribute column whose value separates the domains
 * @param domainA the value of domain A's images
 * @param domainB the value of domain B's images
 * @param attributeValues the shards' categorical attribute columns and their values, {@code attribute} first: the
 *     heads of the attribute classifier that measures the translations (a value's position is its code)
 * @param augment the differentiable augmentation of every image the discriminators see ({@link DiffAugment})
 * @param ema decay of the moving averages of the two generators' weights that translation uses (0: the trained
 *     weights; {@link dev.dgmspark.engine.WeightAverage})
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"model", "attribute", "domain_a", "domain_b", "image_size", "channels", "filters", "cycle_weight",
    "identity_weight", "learning_rate", "beta1", "augment", "ema", "seed", "attribute_values"})
public record CycleGanConfig(int imageSize, int channels, int filters, double cycleWeight, double identityWeight,
    double learningRate, double beta1, long seed, String attribute, String domainA, String domainB,
    Map<String, List<String>> attributeValues, @JsonIgnore DiffAugment.Policy augment, double ema)
    implements TranslationConfig, Serializable {
  /** λ of the paper. */
  public static final double DEFAULT_CYCLE_WEIGHT = 10;
  /** The identity weight of the paper: half of λ. */
  public static final double DEFAULT_IDENTITY_WEIGHT = 5;
  /** The model's name in {@code model.json} and summaries. */
  public static final String MODEL = "cyclegan";
  /** The generator from domain A to domain B, in the model zip. */
  public static final String GENERATOR_AB = "generator-ab.zip";
  /** The generator from domain B to domain A, in the model zip. */
  public static final String GENERATOR_BA = "generator-ba.zip";

  /** A configuration without augmentation. */
  public CycleGanConfig(int imageSize, int channels, int filters, double cycleWeight, double identityWeight,
      double learningRate, double beta1, long seed, String attribute, String domainA, String domainB,
      Map<String, List<String>> attributeValues) {
    this(imageSize, channels, filters, cycleWeight, identityWeight, learningRate, beta1, seed, attribute, domainA,
        domainB, attributeValues, DiffAugment.Policy.NONE, 0);
  }

  public CycleGanConfig {
    if (augment == null) {
      throw new IllegalArgumentException("the augmentation policy is missing (DiffAugment.Policy.NONE for none)");
    }
    if (!(ema >= 0 && ema < 1)) {
      throw new IllegalArgumentException("the moving average's decay must be in [0, 1): " + ema);
    }
    if (!(cycleWeight >= 0) || !(identityWeight >= 0)) {
      throw new IllegalArgumentException("the cycle and identity weights must be >= 0");
    }
    if (domainA.equals(domainB)) {
      throw new IllegalArgumentException("domains A and B must be different values of " + attribute + ": " + domainA);
    }
    List<String> values = attributeValues.get(attribute);
    if (values == null || !values.contains(domainA) || !values.contains(domainB)) {
      throw new IllegalArgumentException("the attribute values must list " + attribute + " with " + domainA + " and "
          + domainB + ": " + attributeValues);
    }
    attributeValues = new LinkedHashMap<>(attributeValues);
    new NetworkShape(imageSize, channels, filters, learningRate, beta1, seed);
  }

  @Override
  @JsonProperty("model")
  public String modelName() {
    return MODEL;
  }

  /** This configuration with the augmentation {@code policy}. */
  public CycleGanConfig withAugment(DiffAugment.Policy policy) {
    return new CycleGanConfig(imageSize, channels, filters, cycleWeight, identityWeight, learningRate, beta1, seed,
        attribute, domainA, domainB, attributeValues, policy, ema);
  }

  /** This configuration with the generators' moving-average decay {@code decay}. */
  public CycleGanConfig withEma(double decay) {
    return new CycleGanConfig(imageSize, channels, filters, cycleWeight, identityWeight, learningRate, beta1, seed,
        attribute, domainA, domainB, attributeValues, augment, decay);
  }

  /** The augmentation policy's label: {@code none} or e.g. {@code translation,cutout}. */
  @JsonProperty("augment")
  public String augmentLabel() {
    return augment.label();
  }

  /** The networks' shape; each network's weights start from its own seed derived from {@code seed}. */
  public NetworkShape shape() {
    return new NetworkShape(imageSize, channels, filters, learningRate, beta1, seed);
  }

  /** The attributes the classifier predicts, in head order. */
  public List<String> attributes() {
    return List.copyOf(attributeValues.keySet());
  }

  @Override
  public List<TranslationDirection> directions() {
    return List.of(new TranslationDirection(TranslationDirection.A2B, domainA, domainB, GENERATOR_AB),
        new TranslationDirection(TranslationDirection.B2A, domainB, domainA, GENERATOR_BA));
  }

  @Override
  public int verdictHead() {
    return attributes().indexOf(attribute);
  }

  @Override
  public List<String> verdictValues() {
    return attributeValues.get(attribute);
  }
}
