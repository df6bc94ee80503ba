/** Spark glue shared by the jobs: sessions and their settings. No image or model logic lives here. */
package dev.dgmspark.spark;
