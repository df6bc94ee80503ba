/**
 * Generative adversarial networks: the DCGAN and conditional GAN networks, a Spark-free local training step,
 * parameter averaging of both networks across Spark executors, the {@code train --model gan|cgan} job and
 * {@code generate}.
 */
package dev.dgmspark.gan;
