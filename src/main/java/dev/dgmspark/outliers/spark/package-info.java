/** Spark glue of the outliers job: distributed passes over the latents that call the math in {@code outliers}. */
package dev.dgmspark.outliers.spark;
