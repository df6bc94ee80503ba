/** Runs an audit's stages (shard, train, debias, outliers) through the jobs' entry points, then its report. */
package dev.dgmspark.audit.spark;
