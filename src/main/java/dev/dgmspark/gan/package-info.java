/**
 * Generative adversarial networks: the DCGAN and conditional GAN networks, a Spark-free local training step,
 * parameter averaging of both networks across Spark executors, the {@code train --model gan|cgan} job, and
 * sampling from a trained generator ({@link dev.dgmspark.gan.GanSampler}, which {@code generate} uses).
 */
package dev.dgmspark.gan;
