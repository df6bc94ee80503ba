package dev.dgmspark.gan;

import dev.dgmspark.engine.NoiseStream;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
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
 *
 * <p>With an augmentation policy ({@link GanConfig#augment()}) every image the discriminator sees, real or generated,
 * goes through a fresh {@link DiffAugment} draw, and the generator's gradient passes back through it.
 *
 * <p>With an auxiliary classifier ({@link ConditionMode#CLASSIFIER}) the discriminator step also fits the classifier
 * head to the real images' attributes, and the generator's loss adds the head's cross-entropy against the requested
 * condition.
 *
 * <p>With a minibatch standard deviation ({@link GanConfig#minibatchStd()}) the discriminator's groups must not
 * mix real and generated images: a minibatch whose size is not a multiple of the group is passed in two halves.
 *
 * <p>With an R1 weight ({@link GanConfig#r1()}) every {@link #R1_INTERVAL}-th discriminator update is followed by an
 * update on the R1 penalty (Mescheder et al. 2018), see {@link #r1Gradient}.
 */
public final class GanStep {
  /**
   * The R1 penalty is applied after every this many discriminator updates, its weight multiplied by the same factor
   * (lazy regularisation, Karras et al. 2020): it costs two forward passes and two back-propagations of the
   * discriminator over a real minibatch.
   */
  public static final int R1_INTERVAL = 4;
  /** The finite difference's step along the input gradient, as the root mean square of the pixel change it makes. */
  static final double R1_PROBE = 1e-3;
  private static final double LOG_EPSILON = 1e-7;

  private GanStep() {}

  /** What one discriminator or generator update saw. */
  public record Stats(double loss, double meanOnReal, double meanOnFake) {}

  /**
   * Updates the discriminator once on {@code real} (images in [−1, 1]) and as many generated images.
   *
   * @param condition the real images' condition rows (the generated ones get the same), or null for gan
   * @return the discriminator's real/fake loss (binary cross-entropy with the smoothed labels, mean over the 2n
   *     images; a classifier head's loss is not part of it) and its mean real/fake output on the real and the
   *     generated images, before the update
   */
  public static Stats discriminatorStep(GanModel model, INDArray real, INDArray condition, NoiseStream noise) {
    GanConfig config = model.config();
    int n = (int) real.size(0);
    INDArray fake = model.generator().output(generatorInput(config, noise, condition, n), true);
    if (config.augment().any()) {
      real = DiffAugment.draw(config.augment(), real.shape(), noise).apply(real);
      fake = DiffAugment.draw(config.augment(), fake.shape(), noise).apply(fake);
    }
    INDArray realInput = discriminatorInput(config, real, condition);
    INDArray fakeInput = discriminatorInput(config, fake, condition);
    // One pass over n real and n generated images would put both in one group of the minibatch standard deviation
    // when n is not a multiple of the group; such a minibatch gets a pass of its own for each.
    boolean separate = config.minibatchStd() > 0 && n % config.minibatchStd() != 0;
    return discriminatorUpdate(model, realInput, fakeInput, condition, separate);
  }

  /**
   * {@link #discriminatorStep}'s update on the discriminator's inputs for {@code n} real and {@code n} generated
   * images: one forward and backward pass over both, or ({@code separate}) one for each, their parameter gradients
   * summed into one update. Both give the same update when no layer mixes images across the minibatch (the
   * minibatch standard deviation does, within each of its groups).
   */
  static Stats discriminatorUpdate(GanModel model, INDArray realInput, INDArray fakeInput, INDArray condition,
      boolean separate) {
    if (separate) {
      return separateDiscriminatorUpdate(model, realInput, fakeInput, condition);
    }
    GanConfig config = model.config();
    int n = (int) realInput.size(0);
    Targets real = Targets.of(config, condition, n, true, realInput.dataType());
    Targets fake = Targets.of(config, condition, n, false, realInput.dataType());
    INDArray input = Nd4j.concat(0, realInput, fakeInput);
    INDArray verdicts = Nd4j.concat(0, real.verdicts(), fake.verdicts());
    INDArray out = model.discriminator().output(input, false);
    INDArray verdict = out.getColumns(0);
    double loss = binaryCrossEntropy(verdict, verdicts);
    double onReal = verdict.get(NDArrayIndex.interval(0, n), NDArrayIndex.all()).meanNumber().doubleValue();
    double onFake = verdict.get(NDArrayIndex.interval(n, 2 * n), NDArrayIndex.all()).meanNumber().doubleValue();
    if (config.auxiliaryClassifier()) {
      model.discriminator().fit(input, Nd4j.concat(0, real.labels(), fake.labels()), null,
          Nd4j.concat(0, real.mask(), fake.mask()));
      // DL4J keeps a label mask on the layers after fitting; the next forward pass has other shapes.
      model.discriminator().clearLayerMaskArrays();
    } else {
      model.discriminator().fit(input, verdicts);
    }
    if (config.r1() > 0 && model.discriminator().getIterationCount() % R1_INTERVAL == 0) {
      r1Step(model.discriminator(), realInput, config.channels(), config.r1() * R1_INTERVAL);
    }
    return new Stats(loss, onReal, onFake);
  }

  /** {@link #discriminatorUpdate} with a forward and backward pass for the real and one for the generated images. */
  private static Stats separateDiscriminatorUpdate(GanModel model, INDArray realIn, INDArray fakeIn,
      INDArray condition) {
    GanConfig config = model.config();
    MultiLayerNetwork d = model.discriminator();
    int n = (int) realIn.size(0);
    Targets real = Targets.of(config, condition, n, true, realIn.dataType());
    Targets fake = Targets.of(config, condition, n, false, realIn.dataType());
    INDArray outReal = d.output(realIn, false).getColumns(0);
    INDArray outFake = d.output(fakeIn, false).getColumns(0);
    double loss = (binaryCrossEntropy(outReal, real.verdicts()) + binaryCrossEntropy(outFake, fake.verdicts())) / 2;
    INDArray sum = d.calculateGradients(realIn, real.labels(), null, real.mask()).getFirst().gradient().dup();
    d.clearLayerMaskArrays();
    Gradient holder = d.calculateGradients(fakeIn, fake.labels(), null, fake.mask()).getFirst();
    d.clearLayerMaskArrays();
    holder.gradient().addi(sum);
    d.getUpdater(true).update(d, holder, d.getIterationCount(), d.getEpochCount(), 2 * n,
        LayerWorkspaceMgr.noWorkspaces());
    d.params().subi(holder.gradient());
    d.setIterationCount(d.getIterationCount() + 1);
    if (config.r1() > 0 && d.getIterationCount() % R1_INTERVAL == 0) {
      r1Step(d, realIn, config.channels(), config.r1() * R1_INTERVAL);
    }
    return new Stats(loss, outReal.meanNumber().doubleValue(), outFake.meanNumber().doubleValue());
  }

  /**
   * The discriminator's targets for n real or n generated images: the real/fake verdicts (real ones smoothed), the
   * labels with a classifier head's attribute columns, and the label mask (null without a head).
   */
  record Targets(INDArray verdicts, INDArray labels, INDArray mask) {
    static Targets of(GanConfig config, INDArray condition, int n, boolean real, DataType type) {
      INDArray verdicts = Nd4j.zeros(type, n, 1).addi(real ? 1.0 - config.labelSmoothing() : 0.0);
      if (!config.auxiliaryClassifier()) {
        return new Targets(verdicts, verdicts, null);
      }
      INDArray attributes = condition.castTo(type);
      if (real) {
        return new Targets(verdicts, Nd4j.hstack(verdicts, attributes), classifierMask(config, condition, type));
      }
      // The classifier head learns the real images' attributes only: on generated images it has nothing to learn.
      return new Targets(verdicts, Nd4j.hstack(verdicts, Nd4j.zerosLike(attributes)),
          Nd4j.hstack(Nd4j.ones(type, n, 1), Nd4j.zerosLike(attributes)));
    }
  }

  /** The R1 penalty's gradient with respect to the discriminator's parameters, and the penalty's mean. */
  public record R1Gradient(INDArray gradient, double meanSquaredNorm) {}

  /**
   * The gradient of (γ/2) Σ_i ‖∇_x ℓ(x_i)‖² with respect to the discriminator's parameters θ, ℓ the discriminator's
   * real/fake logit and x_i the real images of {@code input} (its first {@code imageChannels} channels; condition
   * planes after them are not penalised), in the discriminator's flat parameter order, summed over the minibatch.
   * The penalty keeps the discriminator flat on the data, so that it cannot push the generator around with steep
   * gradients near the real images it has memorised (Mescheder et al. 2018, "Which training methods for GANs do
   * actually converge?").
   *
   * <p>The gradient of a squared input gradient needs second derivatives, which DL4J's layers do not provide. It is
   * the product J^T g of the Jacobian J of g = ∇_x ℓ with respect to θ and g itself, and a finite difference along g
   * gives it from first derivatives: ∇_θ ℓ(x + εg) − ∇_θ ℓ(x) = ε J^T g + O(ε²), with g held fixed. ε makes the
   * pixel change's root mean square {@link #R1_PROBE}. The first derivatives of ℓ come from the discriminator's own
   * binary cross-entropy ({@link #logitGradients}).
   */
  public static R1Gradient r1Gradient(MultiLayerNetwork discriminator, INDArray input, int imageChannels,
      double gamma) {
    return r1(discriminator, input, imageChannels, gamma).getFirst();
  }

  /**
   * Updates {@code discriminator} once with the R1 penalty's gradient ({@link #r1Gradient}) of weight {@code gamma}
   * through its own updater (Adam), as a step of its own beside the real/fake update.
   */
  static void r1Step(MultiLayerNetwork discriminator, INDArray realInput, int imageChannels, double gamma) {
    Pair<R1Gradient, Gradient> r1 = r1(discriminator, realInput, imageChannels, gamma);
    // The gradient holder of the discriminator's last back-propagation (its per-variable arrays are views of its
    // flat one) carries the penalty's gradient into the updater, which turns it into Adam's step in place.
    Gradient gradient = r1.getSecond();
    gradient.gradient().assign(r1.getFirst().gradient());
    discriminator.getUpdater(true).update(discriminator, gradient, discriminator.getIterationCount(),
        discriminator.getEpochCount(), (int) realInput.size(0), LayerWorkspaceMgr.noWorkspaces());
    discriminator.params().subi(gradient.gradient());
  }

  /** {@link #r1Gradient}, with the gradient holder its last back-propagation filled. */
  private static Pair<R1Gradient, Gradient> r1(MultiLayerNetwork discriminator, INDArray input, int imageChannels,
      double gamma) {
    int n = (int) input.size(0);
    LogitGradients atData = logitGradients(discriminator, input);
    INDArray g = atData.image();
    if (g.size(1) > imageChannels) {
      g.get(NDArrayIndex.all(), NDArrayIndex.interval(imageChannels, g.size(1)), NDArrayIndex.all(),
          NDArrayIndex.all()).assign(0);
    }
    double squared = g.norm2Number().doubleValue();
    squared *= squared;
    double rms = Math.sqrt(squared / (g.length() / g.size(1) * imageChannels));
    if (!(rms > 0)) {
      return Pair.of(new R1Gradient(Nd4j.zerosLike(atData.params()), 0), atData.holder());
    }
    double step = R1_PROBE / rms;
    LogitGradients probed = logitGradients(discriminator, input.add(g.mul(step)));
    INDArray gradient = probed.params().subi(atData.params()).muli(gamma / step);
    return Pair.of(new R1Gradient(gradient, squared / n), probed.holder());
  }

  /** What {@link #logitGradients} returns, with the holder of the discriminator's last gradient. */
  private record LogitGradients(INDArray params, INDArray image, Gradient holder) {}

  /**
   * Σ_i ∇_θ ℓ(x_i) (flat, the discriminator's parameter order) and ∇_x ℓ(x_i) per image, ℓ the real/fake logit, from
   * one back-propagation of the discriminator's cross-entropy: its gradient with respect to the logit is p − y, so
   * the label y = p − 1 (p from a forward pass) makes it exactly 1 for every image (a classifier head's outputs
   * masked out).
   */
  private static LogitGradients logitGradients(MultiLayerNetwork discriminator, INDArray input) {
    long n = input.size(0);
    int outputs = (int) discriminator.layerSize(discriminator.getnLayers() - 1);
    INDArray labels = Nd4j.zeros(input.dataType(), n, outputs);
    labels.getColumn(0).assign(discriminator.output(input, false).getColumn(0).sub(1.0));
    INDArray mask = null;
    if (outputs > 1) {
      mask = Nd4j.zeros(input.dataType(), n, outputs);
      mask.getColumn(0).assign(1);
    }
    Pair<Gradient, INDArray> unit = discriminator.calculateGradients(input, labels, null, mask);
    discriminator.clearLayerMaskArrays();
    return new LogitGradients(unit.getFirst().gradient().dup(), unit.getSecond().dup(), unit.getFirst());
  }

  /**
   * Updates the generator once on {@code n} noise vectors (with {@code condition} rows for cgan).
   *
   * @return the generator's adversarial loss −log D(G(z)) (mean; a classifier head's term is not part of it) and
   *     D's mean real/fake output on the generated images, before the update
   */
  public static Stats generatorStep(GanModel model, INDArray condition, int n, NoiseStream noise) {
    GanConfig config = model.config();
    INDArray input = generatorInput(config, noise, condition, n);
    DiffAugment augment = config.augment().any()
        ? DiffAugment.draw(config.augment(), new long[] {n, config.channels(), config.imageSize(),
            config.imageSize()}, noise)
        : null;
    GeneratorGradient g = generatorGradient(model, input, condition, augment);
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

  /** {@link #generatorGradient(GanModel, INDArray, INDArray, DiffAugment)} without augmentation. */
  public static GeneratorGradient generatorGradient(GanModel model, INDArray input, INDArray condition) {
    return generatorGradient(model, input, condition, null);
  }

  /**
   * The gradient of Σ_i −log D(A(G(input_i))) with respect to the generator's parameters, A the augmentation (none
   * when {@code augment} is null), summed over the minibatch (DL4J's convention: the updater divides by the
   * minibatch size), in the generator's flat gradient view.
   */
  public static GeneratorGradient generatorGradient(GanModel model, INDArray input, INDArray condition,
      DiffAugment augment) {
    GanConfig config = model.config();
    MultiLayerNetwork generator = model.generator();
    MultiLayerNetwork discriminator = model.discriminator();
    int n = (int) input.size(0);
    generator.setInput(input);
    // Keep the layer inputs: back-propagation below needs them.
    List<INDArray> activations = generator.feedForward(true, false);
    INDArray fake = activations.get(activations.size() - 1);
    INDArray dInput = discriminatorInput(config, augment == null ? fake : augment.apply(fake), condition);
    INDArray out = discriminator.output(dInput, false).getColumns(0);
    INDArray labels = Nd4j.ones(fake.dataType(), n, 1);
    INDArray mask = null;
    if (config.auxiliaryClassifier()) {
      // "Real", and of the requested attribute values.
      labels = Nd4j.hstack(labels, condition.castTo(fake.dataType()));
      mask = classifierMask(config, condition, fake.dataType());
    }
    Pair<Gradient, INDArray> dGradient = discriminator.calculateGradients(dInput, labels, null, mask);
    discriminator.clearLayerMaskArrays();
    INDArray epsilon = dGradient.getSecond().get(NDArrayIndex.all(), NDArrayIndex.interval(0, config.channels()),
        NDArrayIndex.all(), NDArrayIndex.all()).dup('c');
    if (augment != null) {
      epsilon = augment.adjoint(epsilon);
    }
    Pair<Gradient, INDArray> gGradient = generator.backpropGradient(epsilon, LayerWorkspaceMgr.noWorkspaces());
    double loss = Transforms.log(Transforms.max(out, LOG_EPSILON, true), false).meanNumber().doubleValue() * -1;
    return new GeneratorGradient(gGradient.getFirst(), loss, out.meanNumber().doubleValue());
  }

  /** The generator's input: noise, followed for cgan by the condition rows. */
  public static INDArray generatorInput(GanConfig config, NoiseStream noise, INDArray condition, int n) {
    INDArray z = noise.gaussian(n, config.noiseDim());
    return condition == null ? z : Nd4j.hstack(z, condition.castTo(z.dataType()));
  }

  /**
   * The discriminator's input: images [n, c, h, w], followed for cgan in {@link ConditionMode#INPUT} mode by one
   * constant plane per condition entry.
   */
  public static INDArray discriminatorInput(GanConfig config, INDArray images, INDArray condition) {
    if (condition == null || config.auxiliaryClassifier()) {
      return images;
    }
    long n = images.size(0);
    INDArray planes = Nd4j.zeros(images.dataType(), n, condition.size(1), images.size(2), images.size(3));
    Broadcast.add(planes, condition.castTo(images.dataType()), planes, 0, 1);
    return Nd4j.concat(1, images, planes);
  }

  /**
   * The label mask of real images for a discriminator with a classifier head: the verdict unit always counts, an
   * attribute's units only where the image has a value for it (a missing value leaves its one-hot block zero).
   */
  static INDArray classifierMask(GanConfig config, INDArray condition, DataType dataType) {
    float[][] rows = condition.castTo(DataType.FLOAT).toFloatMatrix();
    float[][] mask = new float[rows.length][config.discriminatorOutputs()];
    for (int i = 0; i < rows.length; i++) {
      mask[i][0] = 1f;
      int from = 0;
      for (List<String> values : config.conditionValues()) {
        float present = 0;
        for (int v = from; v < from + values.size(); v++) {
          present += rows[i][v];
        }
        if (present > 0) {
          Arrays.fill(mask[i], 1 + from, 1 + from + values.size(), 1f);
        }
        from += values.size();
      }
    }
    return Nd4j.create(mask).castTo(dataType);
  }

  /** Mean binary cross-entropy of probabilities {@code p} against {@code labels}, p clipped away from 0 and 1. */
  public static double binaryCrossEntropy(INDArray p, INDArray labels) {
    INDArray clipped = Transforms.min(Transforms.max(p, LOG_EPSILON, true), 1 - LOG_EPSILON, false);
    INDArray terms = labels.mul(Transforms.log(clipped, true))
        .addi(labels.rsub(1.0).muli(Transforms.log(clipped.rsub(1.0), false)));
    return -terms.meanNumber().doubleValue();
  }
}
