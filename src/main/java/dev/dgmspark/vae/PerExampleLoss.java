package dev.dgmspark.vae;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * A DL4J loss given by a score per example and its gradient with respect to the layer's activations: the activation,
 * the mask, the sum or mean and the backpropagation through the activation are the same for the VAE's losses.
 */
abstract class PerExampleLoss implements ILossFunction {
  private static final long serialVersionUID = 1L;

  /** The score of each example, shape [minibatch, 1], for the activations {@code output}. */
  protected abstract INDArray scores(INDArray labels, INDArray output);

  /** The gradient of the summed scores with respect to {@code output}, its shape, before any mask. */
  protected abstract INDArray outputGradient(INDArray labels, INDArray output);

  @Override
  public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
    INDArray scores = scores(labels, activationFn.getActivation(preOutput.dup(), false));
    if (mask != null) {
      scores.muli(mask.reshape(mask.size(0), 1).castTo(scores.dataType()));
    }
    return scores;
  }

  @Override
  public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
      boolean average) {
    double sum = computeScoreArray(labels, preOutput, activationFn, mask).sumNumber().doubleValue();
    return average ? sum / preOutput.size(0) : sum;
  }

  @Override
  public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
    INDArray gradient = outputGradient(labels, activationFn.getActivation(preOutput.dup(), true));
    if (mask != null) {
      gradient.muliColumnVector(mask.reshape(mask.size(0), 1).castTo(gradient.dataType()));
    }
    return activationFn.backprop(preOutput.dup(), gradient).getFirst();
  }

  @Override
  public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn,
      INDArray mask, boolean average) {
    return new Pair<>(computeScore(labels, preOutput, activationFn, mask, average),
        computeGradient(labels, preOutput, activationFn, mask));
  }

  @Override
  public String toString() {
    return name();
  }
}
