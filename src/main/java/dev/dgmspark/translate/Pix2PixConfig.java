package dev.dgmspark.translate;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.io.Serializable;
import java.util.List;

/**
 * The shape and training settings of a pix2pix model, and what it translates: images whose {@code attribute} is
 * {@code source} into their pair with {@code target}.
 *
 * @param imageSize side of the square images: a multiple of 4, at least 8 (28, 32 or 64 in training)
 * @param channels 1 or 3
 * @param filters filters of the first encoder and discriminator layers; deeper layers use 2x and 4x
 * @param l1Weight λ, the weight of the L1 term against the adversarial one (100 in the paper)
 * @param learningRate Adam learning rate of both networks
 * @param beta1 Adam's first-moment decay (0.5 in the paper)
 * @param seed weight initialisation seed
 * @param attribute the attribute column whose value the translation changes
 * @param source the value of the input images
 * @param target the value of the output images
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"model", "attribute", "source", "target", "image_size", "channels", "filters", "l1_weight",
    "learning_rate", "beta1", "seed"})
public record Pix2PixConfig(int imageSize, int channels, int filters, double l1Weight, double learningRate,
    double beta1, long seed, String attribute, String source, String target)
    implements TranslationConfig, Serializable {
  /** λ of the paper. */
  public static final double DEFAULT_L1_WEIGHT = 100;
  /** The model's name in {@code model.json} and summaries. */
  public static final String MODEL = "pix2pix";

  public Pix2PixConfig {
    if (!(l1Weight >= 0)) {
      throw new IllegalArgumentException("the L1 weight must be >= 0: " + l1Weight);
    }
    if (source.equals(target)) {
      throw new IllegalArgumentException("source and target must be different values of " + attribute + ": "
          + source);
    }
    new NetworkShape(imageSize, channels, filters, learningRate, beta1, seed);
  }

  @Override
  @JsonProperty("model")
  public String modelName() {
    return MODEL;
  }

  /** The networks' shape and optimiser settings. */
  public NetworkShape shape() {
    return new NetworkShape(imageSize, channels, filters, learningRate, beta1, seed);
  }

  /** Side of the discriminator's grid of patch verdicts. */
  public int patches() {
    return shape().patches();
  }

  @Override
  public List<TranslationDirection> directions() {
    return List.of(new TranslationDirection(TranslationDirection.A2B, source, target, TranslationFolder.GENERATOR));
  }

  /** The classifier has one head: the source value (code 0) against the target value (code 1). */
  @Override
  public int verdictHead() {
    return 0;
  }

  @Override
  public List<String> verdictValues() {
    return List.of(source, target);
  }
}
