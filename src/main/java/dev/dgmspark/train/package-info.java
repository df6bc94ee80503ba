/**
 * The {@code train} job: options of every model kind, and the entry points that hand a family
 * ({@link dev.dgmspark.train.VaeTraining}, {@link dev.dgmspark.train.GanTraining}) to the engine's training loop.
 */
package dev.dgmspark.train;
