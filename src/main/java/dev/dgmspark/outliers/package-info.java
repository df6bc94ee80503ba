/**
 * Outlier scores of images from a trained VAE, free of Spark: how badly the image is reconstructed and how rare its
 * latent mean is (the debias job's k-nearest-neighbour density), each standardised robustly over the data and
 * combined ({@link dev.dgmspark.outliers.OutlierScoring}), with the job's options, summary and report page.
 */
package dev.dgmspark.outliers;
