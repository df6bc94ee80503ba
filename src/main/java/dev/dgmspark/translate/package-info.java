/**
 * Image-to-image translation on the training engine, with no Spark: pix2pix (Isola et al. 2017) on paired images and
 * CycleGAN (Zhu et al. 2017) on two unpaired attribute domains, their U-Net generators and PatchGAN discriminators,
 * the local training steps (adversarial, L1, cycle and identity losses, gradients built by hand), the model folder,
 * and the figures measured on held-out images.
 */
package dev.dgmspark.translate;
