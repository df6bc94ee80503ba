package dev.dgmspark.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dgmspark.engine.NoiseStream;
import dev.dgmspark.engine.TrainingState;
import dev.dgmspark.testing.GradientCheck;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** The local GAN step: the generator gradient against finite differences, the flat state, and determinism. */
class GanStepTest {
  static GanConfig tiny(boolean conditional) {
    return tiny(conditional, ConditionMode.INPUT);
  }

  static GanConfig tiny(boolean conditional, ConditionMode mode) {
    return new GanConfig(conditional, 8, 1, 3, 2, conditional ? List.of("glasses") : List.of(),
        conditional ? List.of(List.of("no", "yes")) : List.of(), 2e-3, 0.5, 0.1, 1, 7, mode);
  }

  private static GanModel doubleModel(GanConfig config) {
    MultiLayerNetwork g = new MultiLayerNetwork(GanNetworks.generatorConfiguration(config, DataType.DOUBLE));
    g.init();
    MultiLayerNetwork d = new MultiLayerNetwork(GanNetworks.discriminatorConfiguration(config, DataType.DOUBLE));
    d.init();
    return new GanModel(config, g, d);
  }

  /**
   * Σ_i −log D(G(input_i)), plus with a classifier head Σ_i Σ_v −log of the head's probability of the requested
   * value v being there or not, computed by plain forward passes.
   */
  private static double generatorLoss(GanModel model, INDArray input, INDArray condition, DiffAugment augment) {
    GanConfig config = model.config();
    INDArray fake = model.generator().output(input, true);
    if (augment != null) {
      fake = augment.apply(fake);
    }
    INDArray out = model.discriminator().output(GanStep.discriminatorInput(config, fake, condition), false);
    double loss = -Transforms.log(out.getColumn(0), true).sumNumber().doubleValue();
    for (int v = 0; config.auxiliaryClassifier() && v < config.conditionSize(); v++) {
      INDArray p = out.getColumn(v + 1);
      INDArray wanted = condition.getColumn(v);
      loss -= wanted.mul(Transforms.log(p, true)).addi(wanted.rsub(1).muli(Transforms.log(p.rsub(1), false)))
          .sumNumber().doubleValue();
    }
    return loss;
  }

  @Test
  void generatorGradientMatchesFiniteDifferences() {
    DiffAugment.Policy all = DiffAugment.Policy.parse("color,translation,cutout");
    for (GanConfig config : List.of(tiny(false), tiny(true), tiny(true, ConditionMode.CLASSIFIER),
        tiny(false).withAugment(all), tiny(true, ConditionMode.CLASSIFIER).withAugment(all),
        tiny(false).withRefineLayers(1), tiny(false).withMinibatchStd(2),
        tiny(true, ConditionMode.CLASSIFIER).withMinibatchStd(5))) {
      boolean conditional = config.conditional();
      GanModel model = doubleModel(config);
      int n = 5;
      INDArray condition = conditional ? Nd4j.create(new double[][] {{1, 0}, {0, 1}, {0, 1}, {1, 0}, {0, 1}}) : null;
      INDArray input = GanStep.generatorInput(config, new NoiseStream(3), condition, n).castTo(DataType.DOUBLE);
      // One augmentation draw, the same for the analytic gradient and every finite difference.
      DiffAugment augment = config.augment().any()
          ? DiffAugment.draw(config.augment(), new long[] {n, config.channels(), config.imageSize(),
              config.imageSize()}, new NoiseStream(4))
          : null;
      GanStep.GeneratorGradient analytic = GanStep.generatorGradient(model, input, condition, augment);
      Map<String, INDArray> params = model.generator().paramTable();
      int last = model.generator().getnLayers() - 1;
      int checked = 0;
      List<String> keys = new java.util.ArrayList<>(List.of("0_W", "0_b", "1_gamma", "1_beta", last + "_W",
          last + "_b"));
      if (config.refineLayers() > 0) {
        // The full-resolution convolution before the output layer and its batch normalisation's scale.
        keys.addAll(List.of((last - 2) + "_W", (last - 1) + "_gamma"));
      }
      for (String key : keys) {
        INDArray view = params.get(key);
        INDArray gradient = analytic.gradient().getGradientFor(key).dup();
        checked += GradientCheck.assertMatches(key + " " + config, view, gradient, view.length() / 4,
            () -> generatorLoss(model, input, condition, augment));
      }
      assertTrue(checked > 15);
    }
  }

  @Test
  void onePassAndTwoPassesGiveTheSameDiscriminatorUpdate() {
    // Without a minibatch standard deviation no layer mixes images: the two-pass update must equal DL4J's fit.
    for (GanConfig config : List.of(tiny(false), tiny(true, ConditionMode.CLASSIFIER))) {
      GanModel one = doubleModel(config);
      GanModel two = doubleModel(config);
      two.discriminator().setParams(one.discriminator().params().dup());
      Nd4j.getRandom().setSeed(11);
      INDArray real = Nd4j.rand(DataType.DOUBLE, 4, 1, 8, 8).muli(2).subi(1);
      INDArray fake = Nd4j.rand(DataType.DOUBLE, 4, 1, 8, 8).muli(2).subi(1);
      INDArray condition = config.conditional() ? Nd4j.create(new double[][] {{1, 0}, {0, 1}, {0, 0}, {0, 1}}) : null;
      for (int s = 0; s < 2; s++) {
        GanStep.Stats a = GanStep.discriminatorUpdate(one, GanStep.discriminatorInput(config, real, condition),
            GanStep.discriminatorInput(config, fake, condition), condition, false);
        GanStep.Stats b = GanStep.discriminatorUpdate(two, GanStep.discriminatorInput(config, real, condition),
            GanStep.discriminatorInput(config, fake, condition), condition, true);
        assertEquals(a.loss(), b.loss(), 1e-9);
        assertEquals(a.meanOnFake(), b.meanOnFake(), 1e-9);
      }
      assertNotEquals(0.0, one.discriminator().params().sub(doubleModel(config).discriminator().params())
          .norm2Number().doubleValue(), "the update moved the weights");
      assertArrayEquals(one.discriminator().params().toDoubleVector(), two.discriminator().params().toDoubleVector(),
          1e-9);
      assertEquals(2, two.discriminator().getIterationCount());
    }
  }

  @Test
  void minibatchStdKeepsRealAndGeneratedImagesInSeparateGroups() {
    // Groups of 2 over 3 real and 3 generated images: one pass would group real image 3 with generated image 1.
    GanConfig config = tiny(false).withMinibatchStd(2);
    GanModel model = doubleModel(config);
    Nd4j.getRandom().setSeed(12);
    INDArray real = Nd4j.rand(DataType.DOUBLE, 3, 1, 8, 8).muli(2).subi(1);
    INDArray fake = Nd4j.rand(DataType.DOUBLE, 3, 1, 8, 8).muli(2).subi(1);
    double separate = GanStep.discriminatorUpdate(doubleModel(config), real, fake, null, true).loss();
    // The loss of the separate passes is the mean of each half's loss with the halves on their own.
    MultiLayerNetwork d = model.discriminator();
    double onReal = GanStep.binaryCrossEntropy(d.output(real, false).getColumns(0),
        Nd4j.zeros(DataType.DOUBLE, 3, 1).addi(0.9));
    double onFake = GanStep.binaryCrossEntropy(d.output(fake, false).getColumns(0), Nd4j.zeros(DataType.DOUBLE, 3, 1));
    assertEquals((onReal + onFake) / 2, separate, 1e-9);
    double mixed = GanStep.binaryCrossEntropy(d.output(Nd4j.concat(0, real, fake), false).getColumns(0),
        Nd4j.concat(0, Nd4j.zeros(DataType.DOUBLE, 3, 1).addi(0.9), Nd4j.zeros(DataType.DOUBLE, 3, 1)));
    assertNotEquals(mixed, separate, 1e-6, "one pass over both halves groups real with generated images");
  }

  @Test
  void stateRoundTripsThroughTheFlatVector() {
    GanConfig config = tiny(true);
    GanModel a = GanModel.create(config);
    GanModel b = GanModel.create(new GanConfig(true, 8, 1, 3, 2, List.of("glasses"), List.of(List.of("no", "yes")),
        2e-3, 0.5, 0.1, 1, 99));
    trainSteps(a, 2, 11);
    TrainingState state = a.state();
    assertEquals(a.generator().numParams() + a.discriminator().numParams() + a.generator().getUpdater().getStateViewArray().length()
        + a.discriminator().getUpdater().getStateViewArray().length(), state.flat().length);
    assertNotEquals(0f, java.util.stream.IntStream.range(0, state.flat().length)
        .mapToObj(i -> Math.abs(state.flat()[i])).reduce(0f, Float::sum), "the state is not all zeros");
    b.setState(state);
    assertArrayEquals(state.flat(), b.state().flat());
    assertEquals(a.generator().getIterationCount(), b.generator().getIterationCount());
    // Same state, same data and noise: the same next step, also for Adam's moments.
    trainSteps(a, 1, 12);
    trainSteps(b, 1, 12);
    assertArrayEquals(a.state().flat(), b.state().flat(), 1e-6f);
  }

  @Test
  void trainingStepsChangeBothNetworksAndTheirUpdaters() {
    DiffAugment.Policy all = DiffAugment.Policy.parse("color,translation,cutout");
    for (GanConfig config : List.of(tiny(false), tiny(true, ConditionMode.CLASSIFIER), tiny(false).withAugment(all),
        tiny(true).withAugment(all))) {
      trainingStepsChange(config);
    }
  }

  private static void trainingStepsChange(GanConfig config) {
    GanModel model = GanModel.create(config);
    float[] before = model.state().flat();
    long[] parts = {model.generator().numParams(), model.discriminator().numParams(),
        model.generator().getUpdater().getStateViewArray().length(),
        model.discriminator().getUpdater().getStateViewArray().length()};
    GanStep.Stats d = trainSteps(model, 3, 5);
    float[] after = model.state().flat();
    long from = 0;
    for (long length : parts) {
      boolean changed = false;
      for (long i = from; i < from + length; i++) {
        changed |= before[(int) i] != after[(int) i];
      }
      assertTrue(changed, "part at " + from + " of length " + length + " changed");
      from += length;
    }
    assertTrue(d.meanOnReal() > 0 && d.meanOnReal() < 1 && d.meanOnFake() > 0 && d.meanOnFake() < 1);
    assertEquals(3, model.generator().getIterationCount());
    assertEquals(3, model.discriminator().getIterationCount());
  }

  @Test
  void classifierHeadLearnsTheRealImagesAttributes() {
    GanConfig config = tiny(true, ConditionMode.CLASSIFIER);
    GanModel model = GanModel.create(config);
    assertEquals(config.channels(), ((ConvolutionLayer) model.discriminator().getLayerWiseConfigurations().getConf(0)
        .getLayer()).getNIn(), "no condition planes in the discriminator's input");
    // Dark images wear no glasses, bright ones do: a feature the head can find.
    INDArray real = Nd4j.concat(0, Nd4j.zeros(DataType.FLOAT, 4, 1, 8, 8).subi(0.8),
        Nd4j.zeros(DataType.FLOAT, 4, 1, 8, 8).addi(0.8));
    INDArray condition = Nd4j.create(new float[][] {{1, 0}, {1, 0}, {1, 0}, {1, 0}, {0, 1}, {0, 1}, {0, 1}, {0, 1}});
    NoiseStream noise = new NoiseStream(5);
    for (int s = 0; s < 150; s++) {
      GanStep.discriminatorStep(model, real, condition, noise);
    }
    INDArray out = model.discriminator().output(real, false);
    assertEquals(1 + config.conditionSize(), out.size(1));
    for (int i = 0; i < 8; i++) {
      boolean glasses = i >= 4;
      assertEquals(glasses, out.getDouble(i, 2) > 0.5, "image " + i + " p(glasses=yes) " + out.getDouble(i, 2));
      assertEquals(glasses, out.getDouble(i, 1) < 0.5, "image " + i + " p(glasses=no) " + out.getDouble(i, 1));
    }
  }

  @Test
  void classifierMaskLeavesOutAttributesWithoutAValue() {
    GanConfig config = new GanConfig(true, 8, 1, 3, 2, List.of("glasses", "hair"),
        List.of(List.of("no", "yes"), List.of("black", "red", "grey")), 2e-3, 0.5, 0.1, 1, 7,
        ConditionMode.CLASSIFIER);
    INDArray condition = Nd4j.create(new float[][] {{0, 1, 0, 0, 1}, {0, 0, 1, 0, 0}, {0, 0, 0, 0, 0}});
    INDArray mask = GanStep.classifierMask(config, condition, DataType.FLOAT);
    assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1}, mask.getRow(0).toFloatVector());
    assertArrayEquals(new float[] {1, 0, 0, 1, 1, 1}, mask.getRow(1).toFloatVector(), "glasses missing");
    assertArrayEquals(new float[] {1, 0, 0, 0, 0, 0}, mask.getRow(2).toFloatVector(), "both missing");
  }

  @Test
  void discriminatorTargetsTeachTheClassifierHeadOnRealImagesOnly() {
    GanConfig config = new GanConfig(true, 8, 1, 3, 2, List.of("glasses"), List.of(List.of("no", "yes")), 2e-3,
        0.5, 0.1, 1, 7, ConditionMode.CLASSIFIER);
    INDArray condition = Nd4j.create(new float[][] {{0, 1}, {0, 0}});
    GanStep.Targets real = GanStep.Targets.of(config, condition, 2, true, DataType.FLOAT);
    GanStep.Targets fake = GanStep.Targets.of(config, condition, 2, false, DataType.FLOAT);
    assertArrayEquals(new float[] {0.9f, 0, 1}, real.labels().getRow(0).toFloatVector(), 1e-6f, "smoothed, attributes");
    assertArrayEquals(new float[] {1, 1, 1}, real.mask().getRow(0).toFloatVector());
    assertArrayEquals(new float[] {1, 0, 0}, real.mask().getRow(1).toFloatVector(), "no glasses value");
    assertArrayEquals(new float[] {0, 0, 0}, fake.labels().getRow(0).toFloatVector());
    assertArrayEquals(new float[] {1, 0, 0}, fake.mask().getRow(0).toFloatVector(), "verdict only");
    GanStep.Targets plain = GanStep.Targets.of(tiny(false, ConditionMode.INPUT), null, 3, true, DataType.FLOAT);
    assertNull(plain.mask());
    assertArrayEquals(new float[] {0.9f, 0.9f, 0.9f}, plain.labels().toFloatVector(), 1e-6f);
  }

  /** {@code steps} alternating steps on a fixed pattern of real images, noise from {@code seed}. */
  static GanStep.Stats trainSteps(GanModel model, int steps, long seed) {
    GanConfig config = model.config();
    NoiseStream noise = new NoiseStream(seed);
    GanStep.Stats last = null;
    for (int s = 0; s < steps; s++) {
      INDArray real = Nd4j.linspace(-1, 1, 4L * config.pixelsPerImage(), DataType.FLOAT)
          .reshape(4, config.channels(), config.imageSize(), config.imageSize());
      INDArray condition = config.conditional() ? Nd4j.create(new float[][] {{1, 0}, {0, 1}, {1, 0}, {0, 1}})
          : null;
      last = GanStep.discriminatorStep(model, real, condition, noise);
      GanStep.generatorStep(model, condition, 4, noise);
    }
    return last;
  }
}
