/**
 * The autoencoder family (ae, vae, betavae): the convolutional network with its sampling vertex, KL term and decoder
 * likelihoods (calibrated Gaussian, Bernoulli), its local step and figures for the engine, and the model folder that
 * {@code encode}, {@code debias} and {@code generate} read. No Spark.
 */
package dev.dgmspark.vae;
