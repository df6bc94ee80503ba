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
  CGAN,
  /**
   * Debiasing VAE (Amini et al. 2019): a VAE whose encoder also classifies one attribute, trained on minibatches
   * drawn each epoch with probabilities that favour images whose latent position is rare.
   */
  DBVAE,
  /**
   * Denoising diffusion model (Ho et al. 2020): a U-Net trained to predict the noise added to an image, sampled by
   * DDIM (Song et al. 2021) or DDPM's ancestral sampler.
   */
  DIFFUSION,
  /**
   * pix2pix (Isola et al. 2017): a U-Net translating images of one attribute value into their pairs of another,
   * trained against a PatchGAN discriminator with an L1 term.
   */
  PIX2PIX,
  /**
   * CycleGAN (Zhu et al. 2017): two U-Nets translating between two attribute values and back on unpaired images,
   * each trained against a PatchGAN discriminator of its output domain, with cycle-consistency and identity terms.
   */
  CYCLEGAN;

  /** True for the models whose encoder has a variance and whose loss has a KL term. */
  public boolean variational() {
    return this == VAE || this == BETAVAE || this == DBVAE;
  }

  /** True for the autoencoders (ae, vae, betavae, dbvae): models with an encoder and a decoder. */
  public boolean autoencoder() {
    return this == AE || this == VAE || this == BETAVAE || this == DBVAE;
  }

  /** True for the image-to-image translation models (pix2pix, cyclegan). */
  public boolean translation() {
    return this == PIX2PIX || this == CYCLEGAN;
  }

  /** True for the adversarial models (gan, cgan). */
  public boolean adversarial() {
    return this == GAN || this == CGAN;
  }

  @Override
  @com.fasterxml.jackson.annotation.JsonValue
  public String toString() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
