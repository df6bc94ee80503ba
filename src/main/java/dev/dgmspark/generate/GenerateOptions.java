package dev.dgmspark.generate;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.dgmspark.sample.SamplingOptions;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code generate} is asked to do; recorded as is (snake_case) in the provenance of {@code summary.json}.
 *
 * <p>Start from {@link #of} and change values with the {@code withX} methods.
 *
 * @param model model folder (gan, cgan, vae, betavae or ae)
 * @param count images to generate
 * @param out output folder
 * @param condition cgan: attribute → requested value (a unique prefix of the attribute's name is enough), sorted by
 *     attribute; the other condition attributes are drawn from their shares in the training data
 * @param seed seed of the noise (and of the drawn conditions)
 * @param overwrite replace a finished run in {@code out}
 * @param sampling a diffusion model's sampler steps and η (defaults: DDIM, 50 steps, η = 0)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record GenerateOptions(String model, int count, String out, Map<String, String> condition, long seed,
    boolean overwrite, SamplingOptions sampling) implements java.io.Serializable {
  public static final long DEFAULT_SEED = 42;

  /** Keeps an unmodifiable copy of the condition, sorted, so that it is recorded in a stable order. */
  public GenerateOptions {
    condition = Collections.unmodifiableSortedMap(new TreeMap<>(condition));
  }

  /** Draws {@code count} images from the model in {@code model} into {@code out}, at the defaults. */
  public static GenerateOptions of(String model, int count, String out) {
    return new GenerateOptions(model, count, out, Map.of(), DEFAULT_SEED, false, SamplingOptions.DEFAULTS);
  }

  public GenerateOptions withCondition(Map<String, String> value) {
    return new GenerateOptions(model, count, out, value, seed, overwrite, sampling);
  }

  public GenerateOptions withSeed(long value) {
    return new GenerateOptions(model, count, out, condition, value, overwrite, sampling);
  }

  public GenerateOptions withSampling(SamplingOptions value) {
    return new GenerateOptions(model, count, out, condition, seed, overwrite, value);
  }

  public GenerateOptions withOverwrite(boolean value) {
    return new GenerateOptions(model, count, out, condition, seed, value, sampling);
  }
}
