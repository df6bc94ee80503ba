package dev.dgmspark.vae;

import java.io.Serializable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How a trained autoencoder scores reconstructions outside training (evaluation, {@code encode}'s per-image
 * {@code recon_error}): the negative log-likelihood under its decoder, in nats per image.
 *
 * @param likelihood the decoder's likelihood
 * @param variance for {@link Likelihood#GAUSSIAN}: the pixel variance the model was calibrated to (recorded in
 *     {@code model.json}), so that an image's score does not depend on the images scored with it; 0 calibrates on
 *     the images at hand (what training does)
 */
public record ReconstructionLoss(Likelihood likelihood, double variance) implements Serializable {

  /** The per-example loss of {@code target} ([n, d], values in [0, 1]) reconstructed as {@code output}, [n]. */
  public INDArray perExample(INDArray target, INDArray output) {
    if (likelihood == Likelihood.BERNOULLI) {
      return VaeTerms.binaryCrossEntropy(target, output);
    }
    double v = variance > 0 ? variance : CalibratedGaussianLoss.variance(target, output);
    return CalibratedGaussianLoss.perExample(target, output, v).reshape(target.size(0));
  }

  /**
   * The per-example loss of a perfect reconstruction of {@code target} ([n, d], values in [0, 1]), [n]: what
   * {@link #perExample} can never go below. Under the Bernoulli likelihood it is the pixels' own binary entropy, which
   * is low for dark or flat images and high for mid-grey textured ones, so the loss minus it (the summed per-pixel KL
   * divergence) compares how well different images are reconstructed. Under the Gaussian likelihood it is the same for
   * every image of a size (the normalising constant), returned as 0.
   */
  public INDArray floor(INDArray target) {
    if (likelihood == Likelihood.BERNOULLI) {
      return VaeTerms.binaryCrossEntropy(target, target);
    }
    return org.nd4j.linalg.factory.Nd4j.zeros(target.dataType(), target.size(0));
  }
}
