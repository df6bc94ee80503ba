/** Spark glue of the debias job: distributed passes over the latents that call the math in {@code debias}. */
package dev.dgmspark.debias.spark;
