/**
 * The {@code shard} job: listing the inputs, slicing them into tasks, the executor task that decodes and writes
 * Parquet shards, the commit and the index that accounts for every input file.
 */
package dev.dgmspark.shard;
