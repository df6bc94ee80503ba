package dev.dgmspark.nn;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The SiLU (swish) activation x · σ(x) (Elfwing et al. 2018; Ramachandran et al. 2017), with derivative
 * σ(x) · (1 + x · (1 − σ(x))).
 *
 * <p>Written here because DL4J 1.0.0-M2.1's {@code Activation.SWISH} back-propagates NaN: a U-Net built with it
 * got NaN gradients in every layer below the first swish from the top after one backward pass, and finite ones
 * with this class (or with leaky ReLU).
 */
public final class Silu extends BaseActivationFunction {
  private static final long serialVersionUID = 1L;

  /**
   * In place, as DL4J's activation contract has it: a layer hands over its pre-activation in the activations
   * workspace and takes the result from there (a new array fails the workspace validation). DL4J's
   * {@code ActivationLayer} hands over its input uncopied in inference, so a graph that reads that input elsewhere
   * too (a U-Net's shortcuts) sees it overwritten in {@code feedForward(false)}: use {@code output()}, which copies
   * between layers, as the diffusion sampler does.
   */
  @Override
  public INDArray getActivation(INDArray in, boolean training) {
    return in.muli(Transforms.sigmoid(in, true));
  }

  @Override
  public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
    assertShape(in, epsilon);
    INDArray sigmoid = Transforms.sigmoid(in, true);
    // σ(x) · (1 + x · (1 − σ(x))), written into in.
    INDArray derivative = sigmoid.rsub(1.0).muli(in).addi(1.0).muli(sigmoid);
    in.assign(derivative.muli(epsilon));
    return new Pair<>(in, null);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Silu;
  }

  @Override
  public int hashCode() {
    return Silu.class.hashCode();
  }

  @Override
  public String toString() {
    return "silu";
  }
}
