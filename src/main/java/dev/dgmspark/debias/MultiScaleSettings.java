package dev.dgmspark.debias;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.io.Serializable;
import java.util.List;

/**
 * The settings of the multiscale estimator ({@link MultiScaleRarity}) and its reference sample; part of the debias
 * options, recorded (snake_case) in the provenance of {@code summary.json}.
 *
 * @param scales the neighbourhood sizes as shares of the reference rows, each in (0, 1)
 * @param targetEss the weights' effective sample size as a share of the rows, in (0, 1]
 * @param referenceSize the most reference rows (a seeded uniform sample; every row when the data has fewer)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record MultiScaleSettings(List<Double> scales, double targetEss, int referenceSize) implements Serializable {
  public MultiScaleSettings {
    scales = List.copyOf(scales);
  }

  /** The defaults ({@link DebiasDefaults}). */
  public static MultiScaleSettings defaults() {
    return new MultiScaleSettings(DebiasDefaults.SCALES, DebiasDefaults.TARGET_ESS,
        DebiasDefaults.KNN_REFERENCE_SIZE);
  }

  public MultiScaleSettings withScales(List<Double> value) {
    return new MultiScaleSettings(value, targetEss, referenceSize);
  }

  public MultiScaleSettings withTargetEss(double value) {
    return new MultiScaleSettings(scales, value, referenceSize);
  }

  public MultiScaleSettings withReferenceSize(int value) {
    return new MultiScaleSettings(scales, targetEss, value);
  }
}
