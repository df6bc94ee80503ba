/** Spark glue of the traverse job: finding the base image in the shards; the rest is {@code traverse}. */
package dev.dgmspark.traverse.spark;
