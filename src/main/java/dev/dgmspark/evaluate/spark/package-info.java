/**
 * The {@code evaluate} job on Spark: reads the real (and generated) shard images in the executors, collects the
 * held-out split to the driver, and calls the measures of {@link dev.dgmspark.evaluate}.
 */
package dev.dgmspark.evaluate.spark;
