/**
 * Generated images from a trained model of any family, behind one interface ({@link dev.dgmspark.sample.ImageSampler}):
 * what {@code generate} writes and {@code evaluate} measures. A family adds one {@link
 * dev.dgmspark.sample.SamplerFamily} and one line in {@link dev.dgmspark.sample.ModelSamplers}. No Spark.
 */
package dev.dgmspark.sample;
