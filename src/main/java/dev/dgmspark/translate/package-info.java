/**
 * Image-to-image translation on the training engine, with no Spark: pix2pix (Isola et al. 2017) on paired images,
 * its U-Net generator and PatchGAN discriminator, the local training step with the adversarial and L1 losses, the
 * model folder, and the figures measured on held-out pairs.
 */
package dev.dgmspark.translate;
