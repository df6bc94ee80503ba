package dev.dgmspark.train;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.dgmspark.diffusion.DiffusionConfig;
import dev.dgmspark.diffusion.ScheduleKind;

/**
 * What {@code train --model diffusion} is asked to do: the shared options and the diffusion settings; recorded as is
 * (snake_case) in the provenance.
 *
 * @param train the shared options (the autoencoders' latent size, beta and likelihood are not recorded)
 * @param schedule how the noise variances grow
 * @param timesteps T
 * @param ema decay of the weights' moving average that sampling uses
 * @param filters channels of the U-Net's first level
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DiffusionOptions(
    @JsonUnwrapped @JsonIgnoreProperties({"latent_dim", "beta", "likelihood"}) TrainOptions train,
    ScheduleKind schedule, int timesteps, double ema, int filters) {

  /** Defaults for everything but the shared options. */
  public static DiffusionOptions of(TrainOptions train) {
    return new DiffusionOptions(train, DiffusionConfig.DEFAULT_SCHEDULE, DiffusionConfig.DEFAULT_TIMESTEPS,
        DiffusionConfig.DEFAULT_EMA, DiffusionConfig.DEFAULT_FILTERS);
  }

  public DiffusionOptions withTrain(TrainOptions value) {
    return new DiffusionOptions(value, schedule, timesteps, ema, filters);
  }

  public DiffusionOptions withSchedule(ScheduleKind value) {
    return new DiffusionOptions(train, value, timesteps, ema, filters);
  }

  public DiffusionOptions withTimesteps(int value) {
    return new DiffusionOptions(train, schedule, value, ema, filters);
  }

  public DiffusionOptions withEma(double value) {
    return new DiffusionOptions(train, schedule, timesteps, value, filters);
  }

  public DiffusionOptions withFilters(int value) {
    return new DiffusionOptions(train, schedule, timesteps, ema, value);
  }
}
