package dev.dgmspark.translate;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.io.Serializable;

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
    double beta1, long seed, String attribute, String source, String target) implements Serializable {
  /** λ of the paper. */
  public static final double DEFAULT_L1_WEIGHT = 100;
  /** The model's name in {@code model.json} and summaries. */
  public static final String MODEL = "pix2pix";
  private static final int MAX_LEVELS = 4;

  public Pix2PixConfig {
    if (imageSize < 8 || imageSize % 4 != 0) {
      throw new IllegalArgumentException("image size must be a multiple of 4, at least 8: " + imageSize);
    }
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("channels must be 1 or 3: " + channels);
    }
    if (filters < 1 || !(l1Weight >= 0) || !(learningRate > 0)) {
      throw new IllegalArgumentException("filters and the learning rate must be positive, the L1 weight >= 0");
    }
    if (source.equals(target)) {
      throw new IllegalArgumentException("source and target must be different values of " + attribute + ": "
          + source);
    }
  }

  /** The model's name in {@code model.json}. */
  @JsonProperty("model")
  public String modelName() {
    return MODEL;
  }

  /** Stride-2 layers of the U-Net's encoder: halve the side while it stays even and above 2, at most 4 times. */
  public int levels() {
    int levels = 0;
    int side = imageSize;
    while (side % 2 == 0 && side > 2 && levels < MAX_LEVELS) {
      side /= 2;
      levels++;
    }
    return levels;
  }

  /** Side of the discriminator's grid of patch verdicts: a quarter of the image's. */
  public int patches() {
    return imageSize / 4;
  }

  /** Values in one image. */
  public int pixelsPerImage() {
    return imageSize * imageSize * channels;
  }
}
