package dev.dgmspark.vae;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * The VAE's KL term as a DL4J loss: beta · KL(N(mu, exp(logvar)) ‖ N(0, I)) per example.
 *
 * <p>Its input is the encoder's {@code [mu | logvar]} side by side (a merge vertex), so the loss needs no labels;
 * the labels array it is given is ignored. Per example: KL = −½ Σ_j (1 + logvar_j − mu_j² − exp(logvar_j)); the
 * gradient is beta·mu for mu and beta·½(exp(logvar) − 1) for logvar.
 */
public final class KlDivergenceLoss extends PerExampleLoss {
  private static final long serialVersionUID = 1L;

  @JsonProperty("beta")
  private final double beta;

  public KlDivergenceLoss(@JsonProperty("beta") double beta) {
    if (!(beta >= 0) || Double.isInfinite(beta)) {
      throw new IllegalArgumentException("beta must be finite and >= 0: " + beta);
    }
    this.beta = beta;
  }

  /** The weight of the KL term. */
  public double getBeta() {
    return beta;
  }

  /** Per-example KL (already times beta) for {@code [mu | logvar]} activations, shape [minibatch, 1]. */
  public INDArray perExample(INDArray muLogvar) {
    long latent = muLogvar.size(1) / 2;
    INDArray mu = muLogvar.get(NDArrayIndex.all(), NDArrayIndex.interval(0, latent));
    INDArray logvar = muLogvar.get(NDArrayIndex.all(), NDArrayIndex.interval(latent, 2 * latent));
    // 1 + logvar - mu^2 - exp(logvar), summed over the latent dimensions
    INDArray terms = logvar.add(1.0).subi(mu.mul(mu)).subi(Transforms.exp(logvar, true));
    return terms.sum(true, 1).muli(-0.5 * beta);
  }

  @Override
  protected INDArray scores(INDArray labels, INDArray output) {
    return perExample(output);
  }

  @Override
  protected INDArray outputGradient(INDArray labels, INDArray output) {
    long latent = output.size(1) / 2;
    INDArray grad = Nd4j.createUninitialized(output.dataType(), output.shape());
    INDArray mu = output.get(NDArrayIndex.all(), NDArrayIndex.interval(0, latent));
    INDArray logvar = output.get(NDArrayIndex.all(), NDArrayIndex.interval(latent, 2 * latent));
    grad.get(NDArrayIndex.all(), NDArrayIndex.interval(0, latent)).assign(mu.mul(beta));
    grad.get(NDArrayIndex.all(), NDArrayIndex.interval(latent, 2 * latent))
        .assign(Transforms.exp(logvar, true).subi(1.0).muli(0.5 * beta));
    return grad;
  }

  @Override
  public String name() {
    return "KlDivergenceLoss(beta=" + beta + ")";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof KlDivergenceLoss o && Double.compare(o.beta, beta) == 0;
  }

  @Override
  public int hashCode() {
    return Double.hashCode(beta);
  }
}
