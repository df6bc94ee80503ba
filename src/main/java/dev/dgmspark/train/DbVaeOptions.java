package dev.dgmspark.train;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.dgmspark.dbvae.DbVaeConfig;
import dev.dgmspark.dbvae.VaeLossScope;
import dev.dgmspark.debias.DensityEstimator;
import dev.dgmspark.debias.DensitySettings;
import java.util.List;

/**
 * What {@code train --model dbvae} is asked to do: the options every model shares and DB-VAE's own; serialised
 * flat into the provenance.
 *
 * @param train the shared training options; kind dbvae
 * @param label the attribute to classify, {@code ATTR} or {@code ATTR=POSITIVE} (a unique prefix of the column
 *     name is enough; without a value, a two-valued column's {@code yes}, {@code true} or {@code 1})
 * @param groups attribute columns whose values make the groups the accuracy is measured per (never trained on)
 * @param test shard folder of test images (null: the held-out minibatches)
 * @param classWeight the classification loss's weight against the VAE loss
 * @param vaeLoss which images the VAE loss applies to
 * @param resampling how rare each image's latent position is judged every epoch
 * @param baseline also train the baseline (same network, no resampling) to compare with
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DbVaeOptions(@JsonUnwrapped TrainOptions train, String label,
    List<String> groups, String test, double classWeight, VaeLossScope vaeLoss, DensitySettings resampling,
    boolean baseline) {

  public DbVaeOptions {
    groups = List.copyOf(groups);
  }

  /**
   * Defaults for everything but the shared options, the label and the groups. The per-epoch resampling keeps the
   * single-scale k-NN density: DB-VAE's figures (README) were measured with it, the multiscale estimator was not.
   */
  public static DbVaeOptions of(TrainOptions train, String label, List<String> groups) {
    return new DbVaeOptions(train, label, groups, null, DbVaeConfig.DEFAULT_CLASS_WEIGHT, VaeLossScope.ALL,
        DensitySettings.defaults().withEstimator(DensityEstimator.KNN), true);
  }

  public DbVaeOptions withTrain(TrainOptions value) {
    return new DbVaeOptions(value, label, groups, test, classWeight, vaeLoss, resampling, baseline);
  }

  public DbVaeOptions withTest(String value) {
    return new DbVaeOptions(train, label, groups, value, classWeight, vaeLoss, resampling, baseline);
  }

  public DbVaeOptions withClassWeight(double value) {
    return new DbVaeOptions(train, label, groups, test, value, vaeLoss, resampling, baseline);
  }

  public DbVaeOptions withVaeLoss(VaeLossScope value) {
    return new DbVaeOptions(train, label, groups, test, classWeight, value, resampling, baseline);
  }

  public DbVaeOptions withResampling(DensitySettings value) {
    return new DbVaeOptions(train, label, groups, test, classWeight, vaeLoss, value, baseline);
  }

  public DbVaeOptions withBaseline(boolean value) {
    return new DbVaeOptions(train, label, groups, test, classWeight, vaeLoss, resampling, value);
  }
}
