/** The end-to-end demo: synth, shard, train a VAE, debias, on the embedded default. */
package dev.dgmspark.demo;
