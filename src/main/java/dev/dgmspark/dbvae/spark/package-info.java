/**
 * DB-VAE's adaptive resampling on Spark: every epoch's training images drawn by how rare their current latent
 * position is, computed in the executors with the debias job's estimators.
 */
package dev.dgmspark.dbvae.spark;
