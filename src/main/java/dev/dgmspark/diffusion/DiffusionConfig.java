package dev.dgmspark.diffusion;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * What a diffusion model is: its images, its U-Net's width, its noise schedule and the decay of the weights'
 * moving average that sampling uses.
 *
 * @param imageSize image side in pixels: 28, 32 or 64
 * @param channels 1 (grey) or 3 (RGB)
 * @param filters channels of the U-Net's first level (the lower levels have twice as many)
 * @param embeddingDim size of the sinusoidal time embedding
 * @param schedule how β_t grows
 * @param timesteps T, the steps of the noising process
 * @param ema decay of the exponential moving average of the weights (0: sample with the trained weights)
 * @param learningRate Adam's learning rate
 * @param seed seed of the initial weights
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DiffusionConfig(int imageSize, int channels, int filters, int embeddingDim, ScheduleKind schedule,
    int timesteps, double ema, double learningRate, long seed) implements java.io.Serializable {
  public static final int DEFAULT_FILTERS = 32;
  public static final int DEFAULT_EMBEDDING_DIM = 64;
  public static final int DEFAULT_TIMESTEPS = 1000;
  public static final double DEFAULT_EMA = 0.999;
  public static final ScheduleKind DEFAULT_SCHEDULE = ScheduleKind.COSINE;
  /**
   * Adam's learning rate: higher than DDPM's 2e-4 (a 35M-parameter network trained for 800k steps), because this
   * network is small, has no normalisation layers to rescale, and gets a few thousand steps.
   */
  public static final double DEFAULT_LEARNING_RATE = 5e-4;

  public DiffusionConfig {
    if (imageSize != 28 && imageSize != 32 && imageSize != 64) {
      throw new IllegalArgumentException("diffusion models take 28, 32 or 64 pixel images, not " + imageSize);
    }
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("images have 1 or 3 channels, not " + channels);
    }
    if (ema < 0 || ema >= 1) {
      throw new IllegalArgumentException("the EMA decay must lie in [0, 1), not " + ema);
    }
  }

  /** The resolutions the U-Net works at: the image's and each halving, down to 7 or 8 pixels. */
  public int levels() {
    return imageSize == 64 ? 4 : 3;
  }

  /** The noise schedule. */
  public NoiseSchedule noiseSchedule() {
    return NoiseSchedule.of(schedule, timesteps);
  }
}
