/**
 * Small pieces every stage uses: build information and provenance of outputs, the usage-error type, seed mixing,
 * hashing, name prefixes and progress logging. No Spark.
 */
package dev.dgmspark.common;
