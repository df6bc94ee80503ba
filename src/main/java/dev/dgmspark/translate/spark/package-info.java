/**
 * The Spark glue of image-to-image translation: the paired rows a pix2pix run exports as its minibatches, and the
 * {@code translate} job that runs a trained generator over a whole shard folder in the executors.
 */
package dev.dgmspark.translate.spark;
