package dev.dgmspark.vae;

import dev.dgmspark.common.ModelKind;

/**
 * The autoencoders' defaults that depend on the images and on the decoder: the likelihood, the latent size, the
 * learning rate and the minibatch of a new model when the user names none.
 *
 * <p>The {@code vae} picks its decoder by the images' channels, because the two uses of its latents pull apart
 * (README, train): on colour pictures (the demo's 3,000 synthetic 32x32 faces, {@code local[2]}) the Gaussian
 * decoder's reconstructions keep 0.93-0.95 of an attribute classifier's accuracy on the worst attribute against
 * 0.51-0.63 for the Bernoulli one, and {@code debias} with its default features still raises the rare skin tone about
 * 4x; on one-channel pictures of ink on a plain ground (Fashion-MNIST with trousers planted at 4%) the Bernoulli
 * latents debias 3.5-4.8x where the Gaussian ones gave 1.1-1.7x. The other autoencoders keep the Bernoulli decoder
 * their figures were measured with.
 */
public final class VaeDefaults {
  /** Latent size of the Bernoulli decoder's models. */
  public static final int BERNOULLI_LATENT_DIM = 16;
  /**
   * Latent size of the Gaussian decoder's models: its reconstructions carry more detail than 16 dimensions hold (the
   * faces' smile accuracy stayed at two thirds of the originals' with 16 after 4,000 steps; 32 reached 0.91 after
   * 2,000).
   */
  public static final int GAUSSIAN_LATENT_DIM = 32;
  /** Adam learning rate of the Bernoulli decoder's models. */
  public static final double BERNOULLI_LEARNING_RATE = 1e-3;
  /**
   * Adam learning rate of the Gaussian decoder's models: on the faces (30 epochs, minibatches of 32, before the
   * full-resolution convolution) 0.003 kept 0.89 of the attribute accuracy, 0.002 0.87, 0.005 0.80.
   */
  public static final double GAUSSIAN_LEARNING_RATE = 3e-3;
  /** Examples per averaged step of the Bernoulli decoder's models. */
  public static final int BERNOULLI_BATCH_SIZE = 64;
  /** Examples per averaged step of the Gaussian decoder's models: twice the steps per epoch of 64. */
  public static final int GAUSSIAN_BATCH_SIZE = 32;

  private VaeDefaults() {}

  /** The decoder of a new {@code kind} model on images of {@code channels} channels. */
  public static Likelihood likelihood(ModelKind kind, int channels) {
    return kind == ModelKind.VAE && channels == 3 ? Likelihood.GAUSSIAN : Likelihood.BERNOULLI;
  }

  /** The latent size of a new model with this decoder. */
  public static int latentDim(Likelihood likelihood) {
    return likelihood == Likelihood.GAUSSIAN ? GAUSSIAN_LATENT_DIM : BERNOULLI_LATENT_DIM;
  }

  /** The learning rate of a new model with this decoder. */
  public static double learningRate(Likelihood likelihood) {
    return likelihood == Likelihood.GAUSSIAN ? GAUSSIAN_LEARNING_RATE : BERNOULLI_LEARNING_RATE;
  }

  /** The examples per averaged step of a model with this decoder. */
  public static int batchSize(Likelihood likelihood) {
    return likelihood == Likelihood.GAUSSIAN ? GAUSSIAN_BATCH_SIZE : BERNOULLI_BATCH_SIZE;
  }
}
