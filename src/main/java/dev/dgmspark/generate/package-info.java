/**
 * The {@code generate} job: images drawn from a trained model of any family (GAN, conditional GAN, (beta-)VAE,
 * autoencoder), written as PNGs, as shards and as a grid.
 */
package dev.dgmspark.generate;
