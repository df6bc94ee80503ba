/**
 * Minibatch files as the engine exports them (one byte per pixel, labels beside), and their decoding into the float
 * arrays and condition labels the networks take. No Spark.
 */
package dev.dgmspark.minibatch;
