/** Latent encoding: a trained autoencoder's encoder run over the shards in the executors. */
package dev.dgmspark.encode;
