/**
 * Latent traversal (latent perturbation) of a trained autoencoder, free of Spark: each latent dimension swept across
 * a range with the others fixed, decoded, scored by how much it changes the picture and laid out as one grid
 * ({@link dev.dgmspark.traverse.LatentTraversal}), with the job's options, summary and report page.
 */
package dev.dgmspark.traverse;
