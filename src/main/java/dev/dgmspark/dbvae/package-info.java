/**
 * The debiasing VAE of Amini et al. (AIES 2019) as a model family: a VAE whose encoder also classifies one
 * attribute ({@link dev.dgmspark.dbvae.DbVaeNetwork}), its minibatches with label masks
 * ({@link dev.dgmspark.dbvae.DbVaeFamily}), its driver-side figures with accuracy per group of images
 * ({@link dev.dgmspark.dbvae.GroupAccuracy}). No Spark here: the per-epoch resampling is in {@code dbvae.spark}.
 */
package dev.dgmspark.dbvae;
