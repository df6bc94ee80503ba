/**
 * IDX files (MNIST, Fashion-MNIST) to a folder of PNG images and an {@code attributes.csv} with each image's label,
 * which the shard job reads like any image folder. Plain Java, no Spark.
 */
package dev.dgmspark.shard.idx;
