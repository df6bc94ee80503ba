package dev.dgmspark.debias;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.io.Serializable;

/**
 * The settings of the k-nearest-neighbour density ({@link KnnDensity}) and its reference sample; part of the debias
 * options, recorded (snake_case) in the provenance of {@code summary.json}.
 *
 * @param k the neighbour whose distance measures the density (against the reference sample), at least 2
 * @param gamma the strength: weight ∝ (relative density + alpha)^(−gamma); 0 to 4
 * @param alpha the floor added to the relative density (1 = the reference's typical density); ≥ 0
 * @param referenceSize the most reference rows (a seeded uniform sample; every row when the data has fewer)
 * @param exponentDims D in density ∝ 1/r^D; 0 estimates the intrinsic dimension from the reference
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record KnnSettings(int k, double gamma, double alpha, int referenceSize, double exponentDims)
    implements Serializable {
  /** The defaults ({@link DebiasDefaults}). */
  public static KnnSettings defaults() {
    return new KnnSettings(DebiasDefaults.KNN_K, DebiasDefaults.KNN_GAMMA, DebiasDefaults.KNN_ALPHA,
        DebiasDefaults.KNN_REFERENCE_SIZE, DebiasDefaults.KNN_EXPONENT_DIMS);
  }

  public KnnSettings withK(int value) {
    return new KnnSettings(value, gamma, alpha, referenceSize, exponentDims);
  }

  public KnnSettings withGamma(double value) {
    return new KnnSettings(k, value, alpha, referenceSize, exponentDims);
  }

  public KnnSettings withAlpha(double value) {
    return new KnnSettings(k, gamma, value, referenceSize, exponentDims);
  }

  public KnnSettings withReferenceSize(int value) {
    return new KnnSettings(k, gamma, alpha, value, exponentDims);
  }

  public KnnSettings withExponentDims(double value) {
    return new KnnSettings(k, gamma, alpha, referenceSize, value);
  }
}
