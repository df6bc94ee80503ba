package dev.dgmspark.audit;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.dgmspark.shard.ShardOptions;
import dev.dgmspark.train.TrainOptions;

/**
 * What {@code audit} is asked to do; every value not named here is the default of the job that uses it.
 *
 * <p>Start from {@link #of} and change values with the {@code withX} methods.
 *
 * @param input the image folder (local, {@code hdfs://}, {@code s3a://})
 * @param out the audit's folder: one subfolder per stage ({@link AuditStage}) and {@code report/}
 * @param attributes attributes CSV; null takes {@code attributes.csv} in the input folder when there is one
 * @param size the side the images are sharded to (28, 32 or 64: the sizes the VAE takes)
 * @param epochs VAE training epochs
 * @param latentDim VAE latent size; 0 for the {@code train} command's default
 * @param maxBatches smoke mode: at most this many minibatches per training epoch (0: all)
 * @param seed seed of training, debiasing and outlier ranking
 * @param overwrite run every stage again, replacing finished results
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AuditOptions(String input, String out, String attributes, int size, int epochs, int latentDim,
    int maxBatches, long seed, boolean overwrite) {
  public static final int DEFAULT_SIZE = ShardOptions.DEFAULT_SIZE;
  public static final int DEFAULT_EPOCHS = TrainOptions.DEFAULT_EPOCHS;
  /** 0: the {@code train} command's default, which follows the images' channels. */
  public static final int DEFAULT_LATENT_DIM = TrainOptions.BY_DEFAULTS;
  public static final long DEFAULT_SEED = 42;

  /** Audits the images in {@code input} into {@code out}, every other value at its default. */
  public static AuditOptions of(String input, String out) {
    return new AuditOptions(input, out, null, DEFAULT_SIZE, DEFAULT_EPOCHS, DEFAULT_LATENT_DIM, 0, DEFAULT_SEED,
        false);
  }

  public AuditOptions withAttributes(String value) {
    return new AuditOptions(input, out, value, size, epochs, latentDim, maxBatches, seed, overwrite);
  }

  public AuditOptions withSize(int value) {
    return new AuditOptions(input, out, attributes, value, epochs, latentDim, maxBatches, seed, overwrite);
  }

  public AuditOptions withEpochs(int value) {
    return new AuditOptions(input, out, attributes, size, value, latentDim, maxBatches, seed, overwrite);
  }

  public AuditOptions withLatentDim(int value) {
    return new AuditOptions(input, out, attributes, size, epochs, value, maxBatches, seed, overwrite);
  }

  public AuditOptions withMaxBatches(int value) {
    return new AuditOptions(input, out, attributes, size, epochs, latentDim, value, seed, overwrite);
  }

  public AuditOptions withSeed(long value) {
    return new AuditOptions(input, out, attributes, size, epochs, latentDim, maxBatches, value, overwrite);
  }

  public AuditOptions withOverwrite(boolean value) {
    return new AuditOptions(input, out, attributes, size, epochs, latentDim, maxBatches, seed, value);
  }
}
