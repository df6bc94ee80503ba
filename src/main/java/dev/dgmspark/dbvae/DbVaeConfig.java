package dev.dgmspark.dbvae;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.dgmspark.debias.DensitySettings;
import java.io.Serializable;

/**
 * DB-VAE's own settings, beside the configuration of the VAE it is built on ({@link dev.dgmspark.vae.VaeConfig}).
 *
 * @param label the attribute column the classifier predicts
 * @param positive the value of {@code label} that is the positive class (all other values are negatives)
 * @param classWeight the classification loss's weight against the VAE loss (which is in nats per image)
 * @param vaeLoss which images the VAE loss applies to
 * @param resampling how rare each image's latent position is judged at the start of every epoch
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DbVaeConfig(String label, String positive, double classWeight, VaeLossScope vaeLoss,
    DensitySettings resampling) implements Serializable {
  /**
   * Default classification weight. The VAE loss is a sum over the image's pixels (about 3,000 nats for 32x32 RGB),
   * the classification loss one cross-entropy; the MIT lab behind the paper averages the reconstruction per pixel
   * instead, which is the same balance as weighting the classifier by the pixel count. 100 lies between: the
   * classifier leads the shared features while the VAE still shapes them; the README's DB-VAE figures use it.
   */
  public static final double DEFAULT_CLASS_WEIGHT = 100;

  public DbVaeConfig {
    if (label == null || label.isBlank() || positive == null) {
      throw new IllegalArgumentException("a label column and its positive value are needed");
    }
    if (!(classWeight > 0) || Double.isInfinite(classWeight)) {
      throw new IllegalArgumentException("class weight must be positive and finite: " + classWeight);
    }
    if (vaeLoss == null || resampling == null) {
      throw new IllegalArgumentException("the VAE loss scope and the resampling settings are needed");
    }
  }
}
