package dev.dgmspark.common;

/** The generative models {@code train} can build; the command line takes the lower-case names. */
public enum ModelKind {
  /** Deterministic autoencoder: reconstruction loss only, no sampling, no KL. */
  AE,
  /** Variational autoencoder: reconstruction + KL (beta fixed at 1). */
  VAE,
  /** beta-VAE: reconstruction + beta · KL, beta > 1 for disentangled latents. */
  BETAVAE,
  /** DCGAN: a convolutional generator trained against a convolutional discriminator. */
  GAN,
  /** Conditional GAN: generator and discriminator both receive attribute values. */
  CGAN;

  /** True for the models whose encoder has a variance and whose loss has a KL term. */
  public boolean variational() {
    return this == VAE || this == BETAVAE;
  }

  /** True for the autoencoders (ae, vae, betavae). */
  public boolean autoencoder() {
    return this == AE || this == VAE || this == BETAVAE;
  }

  /** True for the adversarial models (gan, cgan). */
  public boolean adversarial() {
    return this == GAN || this == CGAN;
  }

  @Override
  public String toString() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
