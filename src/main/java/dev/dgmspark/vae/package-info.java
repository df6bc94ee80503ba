/**
 * Network builders and the pieces DL4J lacks for them: the convolutional (V)AE, its sampling vertex and its KL loss.
 * No Spark here.
 */
package dev.dgmspark.vae;
