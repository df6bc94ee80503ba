package dev.dgmspark.vae;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.dgmspark.common.ModelKind;

/**
 * The shape and training settings of a convolutional (V)AE.
 *
 * @param kind ae, vae or betavae
 * @param imageSize side of the square images: 28, 32 or 64
 * @param channels 1 or 3
 * @param latentDim size of z
 * @param beta weight of the KL term (1 for a plain VAE, unused for ae)
 * @param likelihood the decoder's likelihood: what the reconstruction loss is
 * @param learningRate Adam learning rate
 * @param seed weight initialisation seed
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"model", "image_size", "channels", "latent_dim", "beta", "likelihood", "learning_rate", "seed"})
public record VaeConfig(@JsonProperty("model") ModelKind kind, int imageSize, int channels, int latentDim,
    double beta, Likelihood likelihood, double learningRate, long seed) implements java.io.Serializable {

  /**
   * The likelihood of configurations built without one (tests, benchmarks, DB-VAE's figures): Bernoulli. What
   * {@code train} picks for a new model follows the images ({@link VaeDefaults}).
   */
  public static final Likelihood DEFAULT_LIKELIHOOD = Likelihood.BERNOULLI;

  /** A configuration with the default likelihood. */
  public VaeConfig(ModelKind kind, int imageSize, int channels, int latentDim, double beta, double learningRate,
      long seed) {
    this(kind, imageSize, channels, latentDim, beta, DEFAULT_LIKELIHOOD, learningRate, seed);
  }

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
    if (likelihood == null) {
      throw new IllegalArgumentException("a likelihood is needed: " + Likelihood.allowed());
    }
  }

  /** Pixels times channels: the length of a flattened image. */
  public int pixelsPerImage() {
    return imageSize * imageSize * channels;
  }
}
