/**
 * The Spark glue of image-to-image translation: the rows a pix2pix run exports as its minibatches (pairs) and a
 * CycleGAN run's (an image of each domain), and the {@code translate} job that runs a trained generator over a whole
 * shard folder in the executors.
 */
package dev.dgmspark.translate.spark;
