package dev.dgmspark.vae;

import dev.dgmspark.common.ModelKind;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shape and training settings of a convolutional (V)AE.
 *
 * @param kind ae, vae or betavae
 * @param imageSize side of the square images: 28, 32 or 64
 * @param channels 1 or 3
 * @param latentDim size of z
 * @param beta weight of the KL term (1 for a plain VAE, unused for ae)
 * @param learningRate Adam learning rate
 * @param seed weight initialisation seed
 */
public record VaeConfig(ModelKind kind, int imageSize, int channels, int latentDim, double beta, double learningRate,
    long seed) implements java.io.Serializable {

  public VaeConfig {
    if (imageSize != 28 && imageSize != 32 && imageSize != 64) {
      throw new IllegalArgumentException("image size must be 28, 32 or 64: " + imageSize);
    }
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("channels must be 1 or 3: " + channels);
    }
    if (latentDim < 1) {
      throw new IllegalArgumentException("latent dimension must be positive: " + latentDim);
    }
    if (!(beta >= 0) || Double.isInfinite(beta)) {
      throw new IllegalArgumentException("beta must be finite and >= 0: " + beta);
    }
  }

  /** Pixels times channels: the length of a flattened image. */
  public int pixelsPerImage() {
    return imageSize * imageSize * channels;
  }

  /** The settings as recorded in provenance and summaries. */
  public Map<String, Object> asMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("model", kind.toString());
    map.put("image_size", imageSize);
    map.put("channels", channels);
    map.put("latent_dim", latentDim);
    map.put("beta", beta);
    map.put("learning_rate", learningRate);
    map.put("seed", seed);
    return map;
  }
}
