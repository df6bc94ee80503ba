/**
 * Reading and writing through Hadoop's FileSystem API (local, HDFS, S3A), JSON output and output folders that are
 * published atomically.
 */
package dev.dgmspark.io;
