/**
 * Distributed training: minibatch export from the shards, parameter averaging across executors (dl4j-spark behind
 * {@link dev.dgmspark.train.DistributedTrainer}), checkpoints, metrics and the model folder.
 */
package dev.dgmspark.train;
