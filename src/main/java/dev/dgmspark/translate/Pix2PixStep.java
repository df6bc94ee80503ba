package dev.dgmspark.translate;

import dev.dgmspark.nn.ExternalErrors;
import java.util.Map;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * One pix2pix training step on one machine, with no Spark (Isola et al. 2017): the discriminator learns to tell
 * (input, truth) from (input, G(input)) patch by patch, then the generator minimises, per pair,
 * <pre>  loss_G = mean over patches of −log D(x, G(x)) + λ · mean over pixels of |y − G(x)|</pre>
 * (pixels in [−1, 1]; the non-saturating form of the adversarial term, as in the paper's code).
 *
 * <p>The generator's gradient is built by hand, as the GAN family's is: the discriminator's gradient with respect to
 * its input planes that hold G(x) (labels "real", its weights untouched), divided by the number of patches, plus
 * λ·sign(G(x) − y) divided by the pixels per image, back-propagated through the generator's graph. Both terms are
 * summed over the minibatch (DL4J's convention: the updater divides by its size).
 */
public final class Pix2PixStep {
  private static final double LOG_EPSILON = 1e-7;

  private Pix2PixStep() {}

  /** What one step saw, before its updates: D's loss and mean verdicts, G's two loss terms. */
  public record Stats(double dLoss, double dReal, double dFake, double gAdversarial, double l1) {}

  /** Updates the discriminator, then the generator, once on {@code batch}. */
  public static Stats step(Pix2PixModel model, PairBatch batch) {
    double[] d = discriminatorStep(model, batch);
    GeneratorGradient g = generatorGradient(model, batch);
    ExternalErrors.apply(model.generator(), g.gradient(), batch.size());
    return new Stats(d[0], d[1], d[2], g.adversarial(), g.l1());
  }

  /**
   * Updates the discriminator once on the true pairs and as many translated ones.
   *
   * @return {loss, mean verdict on true pairs, mean verdict on translated pairs}, before the update; the loss is the
   *     binary cross-entropy per patch, mean over the 2n pairs
   */
  public static double[] discriminatorStep(Pix2PixModel model, PairBatch batch) {
    INDArray fake = translate(model.generator(), batch.source());
    return CycleGanStep.discriminatorStep(model.discriminator(), Nd4j.concat(1, batch.source(), batch.target()),
        Nd4j.concat(1, batch.source(), fake));
  }

  /** The generator's gradient for one minibatch and its two loss terms (means over the minibatch). */
  public record GeneratorGradient(Gradient gradient, double adversarial, double l1) {}

  /**
   * The gradient of Σ_i loss_G(x_i, y_i) with respect to the generator's parameters, in the generator's flat gradient
   * view, with the mean adversarial term and the mean L1 per pixel (in [0, 1] pixel units) before the update.
   */
  public static GeneratorGradient generatorGradient(Pix2PixModel model, PairBatch batch) {
    Pix2PixConfig config = model.config();
    ComputationGraph generator = model.generator();
    MultiLayerNetwork discriminator = model.discriminator();
    int n = batch.size();
    int c = config.channels();
    // Keep the layer inputs: back-propagation below needs them.
    Map<String, INDArray> activations = generator.feedForward(new INDArray[] {batch.source()}, true, false);
    INDArray fake = activations.get(TranslationNetworks.OUTPUT);
    INDArray dInput = Nd4j.concat(1, batch.source(), fake);
    INDArray out = discriminator.output(dInput, false);
    INDArray real = Nd4j.ones(fake.dataType(), out.shape());
    Pair<Gradient, INDArray> dGradient = discriminator.calculateGradients(dInput, real, null, null);
    int patches = config.patches() * config.patches();
    INDArray epsilon = dGradient.getSecond().get(NDArrayIndex.all(), NDArrayIndex.interval(c, 2 * c),
        NDArrayIndex.all(), NDArrayIndex.all()).dup('c').divi(patches);
    epsilon.addi(l1Gradient(fake, batch.target(), config.l1Weight()));
    Gradient gradient = generator.backpropGradient(epsilon);
    double adversarial = -Transforms.log(Transforms.max(out, LOG_EPSILON, true), false).meanNumber().doubleValue();
    double l1 = Transforms.abs(fake.sub(batch.target()), false).meanNumber().doubleValue() / 2;
    return new GeneratorGradient(gradient, adversarial, l1);
  }

  /**
   * The gradient of Σ_i λ · mean over pixels |y_i − fake_i| with respect to {@code fake}: λ·sign(fake − y) / pixels
   * per image (0 where they are equal).
   */
  static INDArray l1Gradient(INDArray fake, INDArray target, double weight) {
    long pixels = fake.length() / fake.size(0);
    return Transforms.sign(fake.sub(target), false).muli(weight / pixels);
  }

  /** G(x) for images in [−1, 1], at inference. */
  public static INDArray translate(ComputationGraph generator, INDArray source) {
    return generator.output(false, source)[0];
  }
}
