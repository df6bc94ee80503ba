package dev.dgmspark.vae;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The reconstruction loss of a {@link Likelihood#GAUSSIAN} decoder as a DL4J loss: the negative log-likelihood of
 * the images under N(x̂, σ²) per pixel, σ² the minibatch's mean squared error (its maximum-likelihood value, floored
 * at {@value #MIN_VARIANCE}).
 *
 * <p>Per example: Σ_d (x_d − x̂_d)² / (2σ²) + D/2 · log(2πσ²). With σ² at its optimum the gradient for x̂ is
 * (x̂ − x) / σ², which is also the gradient of the batch loss with σ² as a function of x̂ (the σ² terms cancel at
 * the optimum), so σ² needs no gradient of its own. x̂ is the activation of the layer's input (sigmoid: pixels in
 * [0, 1]).
 */
public final class CalibratedGaussianLoss extends PerExampleLoss {
  private static final long serialVersionUID = 1L;
  /** Smallest variance: a decoder that reproduces a minibatch exactly must not make the loss infinite. */
  public static final double MIN_VARIANCE = 1e-4;

  /** The maximum-likelihood variance of {@code target} around {@code output}: their mean squared difference. */
  public static double variance(INDArray target, INDArray output) {
    return Math.max(MIN_VARIANCE, target.squaredDistance(output) / target.length());
  }

  /** Per-example negative log-likelihood of {@code target} under N(output, variance), [n, 1]. */
  public static INDArray perExample(INDArray target, INDArray output, double variance) {
    INDArray squared = target.sub(output);
    squared.muli(squared);
    return squared.sum(true, 1).divi(2 * variance)
        .addi(0.5 * target.size(1) * Math.log(2 * Math.PI * variance));
  }

  @Override
  protected INDArray scores(INDArray labels, INDArray output) {
    return perExample(labels, output, variance(labels, output));
  }

  @Override
  protected INDArray outputGradient(INDArray labels, INDArray output) {
    return output.sub(labels).divi(variance(labels, output));
  }

  @Override
  public String name() {
    return "CalibratedGaussianLoss";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CalibratedGaussianLoss;
  }

  @Override
  public int hashCode() {
    return CalibratedGaussianLoss.class.hashCode();
  }
}
