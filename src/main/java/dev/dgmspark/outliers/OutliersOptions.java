package dev.dgmspark.outliers;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.dgmspark.debias.DebiasDefaults;

/**
 * What {@code outliers} is asked to do; recorded as is (snake_case) in the provenance of {@code summary.json}.
 *
 * <p>Start from {@link #of}, give latents already encoded with that model with {@link #withLatents}, and change other
 * values with the {@code withX} methods.
 *
 * @param data shard folder
 * @param model model folder: its likelihood says how reconstruction errors compare; it encodes the shards when
 *     {@code latents} is null
 * @param latents latents folder from {@code encode} with that model (skips encoding), or null
 * @param out output folder
 * @param top images shown in the report and listed in the summary, the highest scores
 * @param reconWeight the reconstruction component's weight in the score, in [0, 1]; the density's is 1 − it
 * @param k the neighbour whose distance measures the latent density
 * @param referenceSize the most rows in the seeded reference sample the neighbours are found in
 * @param densityDims D in density ∝ 1/r^D; 0 estimates the intrinsic dimension from the reference
 * @param seed the reference sample's seed
 * @param overwrite replace a finished run in {@code out}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OutliersOptions(String data, String model, String latents, String out, int top, double reconWeight,
    int k, int referenceSize, double densityDims, long seed, boolean overwrite) {
  public static final int DEFAULT_TOP = 50;
  public static final double DEFAULT_RECON_WEIGHT = 0.5;
  public static final long DEFAULT_SEED = 42;

  /** Scores the shards in {@code data} with the model in {@code model} into {@code out}, at the defaults. */
  public static OutliersOptions of(String data, String model, String out) {
    return new OutliersOptions(data, model, null, out, DEFAULT_TOP, DEFAULT_RECON_WEIGHT, DebiasDefaults.KNN_K,
        DebiasDefaults.KNN_REFERENCE_SIZE, DebiasDefaults.KNN_EXPONENT_DIMS, DEFAULT_SEED, false);
  }

  public OutliersOptions withLatents(String value) {
    return new OutliersOptions(data, model, value, out, top, reconWeight, k, referenceSize, densityDims, seed,
        overwrite);
  }

  public OutliersOptions withTop(int value) {
    return new OutliersOptions(data, model, latents, out, value, reconWeight, k, referenceSize, densityDims, seed,
        overwrite);
  }

  public OutliersOptions withReconWeight(double value) {
    return new OutliersOptions(data, model, latents, out, top, value, k, referenceSize, densityDims, seed,
        overwrite);
  }

  public OutliersOptions withK(int value) {
    return new OutliersOptions(data, model, latents, out, top, reconWeight, value, referenceSize, densityDims, seed,
        overwrite);
  }

  public OutliersOptions withReferenceSize(int value) {
    return new OutliersOptions(data, model, latents, out, top, reconWeight, k, value, densityDims, seed, overwrite);
  }

  public OutliersOptions withDensityDims(double value) {
    return new OutliersOptions(data, model, latents, out, top, reconWeight, k, referenceSize, value, seed,
        overwrite);
  }

  public OutliersOptions withSeed(long value) {
    return new OutliersOptions(data, model, latents, out, top, reconWeight, k, referenceSize, densityDims, value,
        overwrite);
  }

  public OutliersOptions withOverwrite(boolean value) {
    return new OutliersOptions(data, model, latents, out, top, reconWeight, k, referenceSize, densityDims, seed,
        value);
  }
}
