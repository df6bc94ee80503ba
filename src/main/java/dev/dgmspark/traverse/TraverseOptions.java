package dev.dgmspark.traverse;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * What {@code traverse} is asked to do; recorded as is (snake_case) in the provenance of {@code summary.json}.
 *
 * <p>Start from {@link #of} and change values with the {@code withX} methods.
 *
 * @param model model folder (from {@code train}: ae, vae or betavae)
 * @param out output folder
 * @param data shard folder holding {@code image}; null when the sweep is around z = 0
 * @param image the image whose latent mean is the base point (its id, or its file name or path); null for z = 0
 * @param dims the latent dimensions to sweep (0-based); empty for all of them
 * @param steps pictures per sweep
 * @param range each sweep goes from −range to +range
 * @param overwrite replace a finished run in {@code out}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TraverseOptions(String model, String out, String data, String image, List<Integer> dims, int steps,
    double range, boolean overwrite) {
  public static final int DEFAULT_STEPS = 9;
  public static final double DEFAULT_RANGE = 3.0;

  public TraverseOptions {
    dims = List.copyOf(dims);
  }

  /** Sweeps every dimension of the model in {@code model} around z = 0 into {@code out}, at the defaults. */
  public static TraverseOptions of(String model, String out) {
    return new TraverseOptions(model, out, null, null, List.of(), DEFAULT_STEPS, DEFAULT_RANGE, false);
  }

  /** The base point is the latent mean of {@code image}, found in the shards {@code data}. */
  public TraverseOptions withImage(String data, String image) {
    return new TraverseOptions(model, out, data, image, dims, steps, range, overwrite);
  }

  public TraverseOptions withDims(List<Integer> value) {
    return new TraverseOptions(model, out, data, image, value, steps, range, overwrite);
  }

  public TraverseOptions withSteps(int value) {
    return new TraverseOptions(model, out, data, image, dims, value, range, overwrite);
  }

  public TraverseOptions withRange(double value) {
    return new TraverseOptions(model, out, data, image, dims, steps, value, overwrite);
  }

  public TraverseOptions withOverwrite(boolean value) {
    return new TraverseOptions(model, out, data, image, dims, steps, range, value);
  }
}
