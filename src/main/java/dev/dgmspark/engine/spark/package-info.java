/**
 * Spark glue of the training engine: minibatch export from the shards, the epoch loop of averaging rounds
 * ({@link dev.dgmspark.engine.spark.TrainingLoop}, {@link dev.dgmspark.engine.spark.AveragingRound}), and dl4j-spark's
 * {@code ParameterAveragingTrainingMaster} for single-network families ({@code --trainer dl4j-spark}).
 */
package dev.dgmspark.engine.spark;
