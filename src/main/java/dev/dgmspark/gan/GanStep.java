package dev.dgmspark.gan;

import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Broadcast;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * One alternating step of GAN training on one machine, with no Spark: {@code k} discriminator updates, each on a
 * real minibatch and as many generated images, then one generator update with the non-saturating loss
 * −log D(G(z)) (Goodfellow et al. 2014).
 *
 * <p>The generator's gradient is the discriminator's gradient with respect to its input (taken at the generated
 * images, labels "real", the discriminator's weights untouched) back-propagated through the generator. This keeps
 * G and D two networks and avoids copying D's weights into a combined G+D network before every generator step.
 */
public final class GanStep {
  private static final double LOG_EPSILON = 1e-7;

  private GanStep() {}

  /** What one discriminator or generator update saw. */
  public record Stats(double loss, double meanOnReal, double meanOnFake) {}

  /**
   * Updates the discriminator once on {@code real} (images in [−1, 1]) and as many generated images.
   *
   * @param condition the real images' condition rows (the generated ones get the same), or null for gan
   * @return the discriminator's loss (binary cross-entropy with the smoothed labels, mean over the 2n images) and
   *     its mean output on the real and the generated images, before the update
   */
  public static Stats discriminatorStep(GanModel model, INDArray real, INDArray condition, NoiseStream noise) {
    GanConfig config = model.config();
    int n = (int) real.size(0);
    INDArray fake = model.generator().output(generatorInput(config, noise, condition, n), true);
    INDArray input = Nd4j.concat(0, discriminatorInput(real, condition), discriminatorInput(fake, condition));
    INDArray labels = Nd4j.concat(0, Nd4j.zeros(real.dataType(), n, 1).addi(1.0 - config.labelSmoothing()),
        Nd4j.zeros(real.dataType(), n, 1));
    INDArray out = model.discriminator().output(input, false);
    double loss = binaryCrossEntropy(out, labels);
    double onReal = out.get(NDArrayIndex.interval(0, n)).meanNumber().doubleValue();
    double onFake = out.get(NDArrayIndex.interval(n, 2 * n)).meanNumber().doubleValue();
    model.discriminator().fit(input, labels);
    return new Stats(loss, onReal, onFake);
  }

  /**
   * Updates the generator once on {@code n} noise vectors (with {@code condition} rows for cgan).
   *
   * @return the generator's loss −log D(G(z)) (mean) and D's mean output on the generated images, before the update
   */
  public static Stats generatorStep(GanModel model, INDArray condition, int n, NoiseStream noise) {
    INDArray input = generatorInput(model.config(), noise, condition, n);
    GeneratorGradient g = generatorGradient(model, input, condition);
    MultiLayerNetwork generator = model.generator();
    LayerWorkspaceMgr workspaces = LayerWorkspaceMgr.noWorkspaces();
    // The updater turns the summed gradient into Adam's step (dividing by the minibatch size), in place.
    generator.getUpdater(true).update(generator, g.gradient(), generator.getIterationCount(),
        generator.getEpochCount(), n, workspaces);
    generator.params().subi(g.gradient().gradient());
    generator.setIterationCount(generator.getIterationCount() + 1);
    return new Stats(g.loss(), g.meanOnFake(), g.meanOnFake());
  }

  /** The generator's gradient for one minibatch and what D said about the generated images. */
  public record GeneratorGradient(Gradient gradient, double loss, double meanOnFake) {}

  /**
   * The gradient of Σ_i −log D(G(input_i)) with respect to the generator's parameters, summed over the minibatch
   * (DL4J's convention: the updater divides by the minibatch size), in the generator's flat gradient view.
   */
  public static GeneratorGradient generatorGradient(GanModel model, INDArray input, INDArray condition) {
    GanConfig config = model.config();
    MultiLayerNetwork generator = model.generator();
    MultiLayerNetwork discriminator = model.discriminator();
    int n = (int) input.size(0);
    generator.setInput(input);
    // Keep the layer inputs: back-propagation below needs them.
    java.util.List<INDArray> activations = generator.feedForward(true, false);
    INDArray fake = activations.get(activations.size() - 1);
    INDArray dInput = discriminatorInput(fake, condition);
    INDArray out = discriminator.output(dInput, false);
    Pair<Gradient, INDArray> dGradient = discriminator.calculateGradients(dInput,
        Nd4j.ones(fake.dataType(), n, 1), null, null);
    INDArray epsilon = dGradient.getSecond().get(NDArrayIndex.all(), NDArrayIndex.interval(0, config.channels()),
        NDArrayIndex.all(), NDArrayIndex.all()).dup('c');
    Pair<Gradient, INDArray> gGradient = generator.backpropGradient(epsilon, LayerWorkspaceMgr.noWorkspaces());
    double loss = Transforms.log(Transforms.max(out, LOG_EPSILON, true), false).meanNumber().doubleValue() * -1;
    return new GeneratorGradient(gGradient.getFirst(), loss, out.meanNumber().doubleValue());
  }

  /** The generator's input: noise, followed for cgan by the condition rows. */
  public static INDArray generatorInput(GanConfig config, NoiseStream noise, INDArray condition, int n) {
    INDArray z = noise.gaussian(n, config.noiseDim());
    return condition == null ? z : Nd4j.hstack(z, condition.castTo(z.dataType()));
  }

  /** The discriminator's input: images [n, c, h, w], followed for cgan by one constant plane per condition entry. */
  public static INDArray discriminatorInput(INDArray images, INDArray condition) {
    if (condition == null) {
      return images;
    }
    long n = images.size(0);
    INDArray planes = Nd4j.zeros(images.dataType(), n, condition.size(1), images.size(2), images.size(3));
    Broadcast.add(planes, condition.castTo(images.dataType()), planes, 0, 1);
    return Nd4j.concat(1, images, planes);
  }

  /** Mean binary cross-entropy of probabilities {@code p} against {@code labels}, p clipped away from 0 and 1. */
  static double binaryCrossEntropy(INDArray p, INDArray labels) {
    INDArray clipped = Transforms.min(Transforms.max(p, LOG_EPSILON, true), 1 - LOG_EPSILON, false);
    INDArray terms = labels.mul(Transforms.log(clipped, true))
        .addi(labels.rsub(1.0).muli(Transforms.log(clipped.rsub(1.0), false)));
    return -terms.meanNumber().doubleValue();
  }
}
