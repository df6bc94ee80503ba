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
 * @param keepWeight weight of the attribute-keeping terms (0: none): the cross-entropy of a frozen attribute
 *     classifier, trained on the training images before the first step, between each translation and the values it
 *     reads in the translation's input, over every attribute but {@code attribute} ({@link CycleGanStep})
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"model", "attribute", "domain_a", "domain_b", "image_size", "channels", "filters", "cycle_weight",
    "identity_weight", "learning_rate", "beta1", "augment", "ema", "keep_weight", "seed", "attribute_values"})
public record CycleGanConfig(int imageSize, int channels, int filters, double cycleWeight, double identityWeight,
    double learningRate, double beta1, long seed, String attribute, String domainA, String domainB,
    Map<String, List<String>> attributeValues, @JsonIgnore DiffAugment.Policy augment, double ema,
    double keepWeight) implements TranslationConfig, Serializable {
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
        domainB, attributeValues, DiffAugment.Policy.NONE, 0, 0);
  }

  public CycleGanConfig {
    if (augment == null) {
      throw new IllegalArgumentException("the augmentation policy is missing (DiffAugment.Policy.NONE for none)");
    }
    if (!(ema >= 0 && ema < 1)) {
      throw new IllegalArgumentException("the moving average's decay must be in [0, 1): " + ema);
    }
    if (!(cycleWeight >= 0) || !(identityWeight >= 0) || !(keepWeight >= 0)) {
      throw new IllegalArgumentException("the cycle, identity and keep weights must be >= 0");
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
        attribute, domainA, domainB, attributeValues, policy, ema, keepWeight);
  }

  /** This configuration with the generators' moving-average decay {@code decay}. */
  public CycleGanConfig withEma(double decay) {
    return new CycleGanConfig(imageSize, channels, filters, cycleWeight, identityWeight, learningRate, beta1, seed,
        attribute, domainA, domainB, attributeValues, augment, decay, keepWeight);
  }

  /** This configuration with the attribute-keeping terms' weight {@code weight}. */
  public CycleGanConfig withKeepWeight(double weight) {
    return new CycleGanConfig(imageSize, channels, filters, cycleWeight, identityWeight, learningRate, beta1, seed,
        attribute, domainA, domainB, attributeValues, augment, ema, weight);
  }

  /**
   * Per classifier head, whether the attribute-keeping terms use it: every attribute but the translated one; none
   * when {@link #keepWeight} is 0.
   */
  public boolean[] keptHeads() {
    List<String> heads = attributes();
    boolean[] kept = new boolean[heads.size()];
    for (int h = 0; h < kept.length; h++) {
      kept[h] = keepWeight > 0 && !heads.get(h).equals(attribute);
    }
    return kept;
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

  /** Every attribute but the translated one, with its values (the classifier's heads after the first). */
  @Override
  public Map<String, List<String>> keptAttributes() {
    Map<String, List<String>> kept = new LinkedHashMap<>(attributeValues);
    kept.remove(attribute);
    return kept;
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
