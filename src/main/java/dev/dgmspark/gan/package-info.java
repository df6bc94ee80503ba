/**
 * The GAN family: DCGAN and conditional GAN networks (resize-convolution generator), the alternating local step of
 * both networks, their figures and pictures, and sampling from a trained generator ({@link dev.dgmspark.gan.GanSampler},
 * which {@code generate} uses). No Spark: the engine trains it ({@link dev.dgmspark.gan.GanFamily}).
 */
package dev.dgmspark.gan;
