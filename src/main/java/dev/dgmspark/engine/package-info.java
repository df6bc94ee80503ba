/**
 * The training engine, free of Spark: what a model family supplies ({@link dev.dgmspark.engine.ModelFamily},
 * {@link dev.dgmspark.engine.TrainableModel}, {@link dev.dgmspark.engine.TrainingHooks}), one worker's local steps
 * between two averagings ({@link dev.dgmspark.engine.LocalRound}), the state that is averaged (parameters and updater
 * state, {@link dev.dgmspark.engine.TrainingState}, {@link dev.dgmspark.engine.StateSum}), and what every run writes:
 * checkpoints, {@code metrics.csv}, the model folder and {@code summary.json}.
 */
package dev.dgmspark.engine;
