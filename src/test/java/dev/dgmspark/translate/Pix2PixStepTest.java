package dev.dgmspark.translate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dgmspark.engine.TrainingState;
import dev.dgmspark.testing.GradientCheck;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** The pix2pix networks' shapes, the generator's gradient against finite differences, the L1 term, training. */
class Pix2PixStepTest {
  static Pix2PixConfig tiny(int size, int channels) {
    return new Pix2PixConfig(size, channels, 2, 100, 2e-3, 0.5, 7, "glasses", "no", "yes");
  }

  private static Pix2PixModel doubleModel(Pix2PixConfig config) {
    ComputationGraph g = new ComputationGraph(TranslationNetworks.generatorConfiguration(config.shape(),
        DataType.DOUBLE));
    g.init();
    MultiLayerNetwork d = new MultiLayerNetwork(TranslationNetworks.discriminatorConfiguration(config.shape(),
        2 * config.channels(), DataType.DOUBLE));
    d.init();
    // Away from the start, where the change layer's zero weights would zero every other layer's gradient.
    Nd4j.getRandom().setSeed(config.seed());
    g.params().addi(Nd4j.randn(DataType.DOUBLE, g.params().shape()).muli(0.05));
    return new Pix2PixModel(config, g, d);
  }

  private static PairBatch randomPairs(Pix2PixConfig config, int n, long seed, DataType type) {
    Nd4j.getRandom().setSeed(seed);
    long[] shape = {n, config.channels(), config.imageSize(), config.imageSize()};
    return new PairBatch(Nd4j.rand(type, shape).muli(2).subi(1), Nd4j.rand(type, shape).muli(2).subi(1));
  }

  /**
   * Σ_i [mean over patches of −log D(x_i, G(x_i)) + λ · mean over pixels |y_i − G(x_i)|], from plain forward passes.
   */
  private static double generatorLoss(Pix2PixModel model, PairBatch batch) {
    INDArray fake = model.generator().output(false, batch.source())[0];
    INDArray out = model.discriminator().output(Nd4j.concat(1, batch.source(), fake), false);
    int n = batch.size();
    double adversarial = -Transforms.log(out, true).sumNumber().doubleValue() / (out.length() / n);
    double l1 = Transforms.abs(fake.sub(batch.target()), false).sumNumber().doubleValue() / (fake.length() / n);
    return adversarial + model.config().l1Weight() * l1;
  }

  @Test
  void patchDiscriminatorGivesAGridOfVerdictsAQuarterOfTheImageSide() {
    for (int[] shape : new int[][] {{32, 3}, {28, 1}, {16, 3}}) {
      Pix2PixConfig config = tiny(shape[0], shape[1]);
      Pix2PixModel model = Pix2PixModel.create(config);
      PairBatch batch = randomPairs(config, 3, 1, DataType.FLOAT);
      INDArray verdicts = model.discriminator().output(Nd4j.concat(1, batch.source(), batch.target()), false);
      assertArrayEquals(new long[] {3, 1, shape[0] / 4, shape[0] / 4}, verdicts.shape());
      assertTrue(verdicts.minNumber().doubleValue() > 0 && verdicts.maxNumber().doubleValue() < 1);
      INDArray translated = Pix2PixStep.translate(model.generator(), batch.source());
      assertArrayEquals(batch.source().shape(), translated.shape());
      // A fresh generator copies its input: the change starts at zero.
      assertEquals(0, translated.sub(batch.source()).amaxNumber().doubleValue(), 1e-6);
    }
    assertEquals(4, tiny(32, 3).shape().levels());
    assertEquals(2, tiny(28, 3).shape().levels());
  }

  @Test
  void l1GradientIsTheWeightedSignOverPixelsPerImage() {
    INDArray fake = Nd4j.create(new double[] {0.5, -0.2, 0.3, 0.0}, new long[] {2, 1, 1, 2});
    INDArray target = Nd4j.create(new double[] {0.1, 0.3, 0.3, -0.4}, new long[] {2, 1, 1, 2});
    // d/dfake of λ · (|y − fake| summed over the image's 2 pixels) / 2, λ = 100: ±50, and 0 where fake = y.
    assertArrayEquals(new double[] {50, -50, 0, 50},
        Pix2PixStep.l1Gradient(fake, target, 100).data().asDouble(), 1e-12);
  }

  @Test
  void generatorGradientMatchesFiniteDifferences() {
    for (Pix2PixConfig config : List.of(tiny(8, 1), new Pix2PixConfig(8, 3, 2, 3, 2e-3, 0.5, 9, "skin_tone",
        "light", "dark"))) {
      Pix2PixModel model = doubleModel(config);
      PairBatch batch = randomPairs(config, 3, 5, DataType.DOUBLE);
      Pix2PixStep.GeneratorGradient analytic = Pix2PixStep.generatorGradient(model, batch);
      Map<String, INDArray> params = model.generator().paramTable();
      int checked = 0;
      for (String key : List.of("e1_W", "e1_b", "e2_W", "d0_W", "d1_b", "change_W", "change_b")) {
        INDArray view = params.get(key);
        INDArray gradient = analytic.gradient().getGradientFor(key).dup();
        checked += GradientCheck.assertMatches(key + " λ " + config.l1Weight(), view, gradient, view.length() / 5,
            () -> generatorLoss(model, batch));
      }
      assertTrue(checked > 25, "checked " + checked);
      // The reported terms are the means the loss is made of.
      double n = batch.size();
      INDArray fake = model.generator().output(false, batch.source())[0];
      assertEquals(Transforms.abs(fake.sub(batch.target()), false).meanNumber().doubleValue() / 2, analytic.l1(),
          1e-9);
      assertEquals(generatorLoss(model, batch) / n, analytic.adversarial() + config.l1Weight() * 2 * analytic.l1(),
          1e-6);
    }
  }

  @Test
  void discriminatorStepReportsItsCrossEntropyAndLearnsToTellTruthFromTranslation() {
    Pix2PixConfig config = new Pix2PixConfig(8, 1, 2, 100, 5e-3, 0.5, 4, "glasses", "no", "yes");
    Pix2PixModel model = Pix2PixModel.create(config);
    PairBatch batch = randomPairs(config, 6, 8, DataType.FLOAT);
    INDArray fake = Pix2PixStep.translate(model.generator(), batch.source());
    INDArray real = model.discriminator().output(Nd4j.concat(1, batch.source(), batch.target()), false);
    INDArray onFake = model.discriminator().output(Nd4j.concat(1, batch.source(), fake), false);
    // Binary cross-entropy per patch, mean over the 2n pairs: −log D on the true pairs, −log(1 − D) on the others.
    double expected = -(Transforms.log(real, true).sumNumber().doubleValue()
        + Transforms.log(onFake.rsub(1.0), true).sumNumber().doubleValue()) / (real.length() + onFake.length());
    INDArray before = model.discriminator().params().dup();
    double[] first = Pix2PixStep.discriminatorStep(model, batch);
    assertEquals(expected, first[0], 1e-5);
    assertEquals(real.meanNumber().doubleValue(), first[1], 1e-6);
    assertEquals(onFake.meanNumber().doubleValue(), first[2], 1e-6);
    assertTrue(model.discriminator().params().sub(before).amaxNumber().doubleValue() > 0, "D was updated");
    double[] last = first;
    for (int i = 0; i < 60; i++) {
      last = Pix2PixStep.discriminatorStep(model, batch);
    }
    assertTrue(last[0] < 0.5 * first[0], "D loss " + first[0] + " -> " + last[0]);
    assertTrue(last[1] > 0.7 && last[2] < 0.3, "D(x, y) " + last[1] + ", D(x, G(x)) " + last[2]);
  }

  @Test
  void stepsLearnAFixedTranslationAndTheStateRoundTrips() throws Exception {
    Pix2PixConfig config = new Pix2PixConfig(8, 1, 4, 100, 5e-3, 0.5, 3, "glasses", "no", "yes");
    Pix2PixModel model = Pix2PixModel.create(config);
    // Inputs: a flat grey level per image. The truth is the input with a bright square: the L1 to the truth must fall
    // well below the input's.
    Nd4j.getRandom().setSeed(2);
    INDArray source = Nd4j.rand(DataType.FLOAT, 8, 1, 1, 1).muli(1.4).subi(0.9).broadcast(8, 1, 8, 8).dup();
    PairBatch batch = new PairBatch(source, source);
    INDArray target = batch.source().dup();
    target.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
        org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 5), org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 5))
        .assign(1.0);
    PairBatch pairs = new PairBatch(batch.source(), target);
    double untranslated = Transforms.abs(pairs.source().sub(target), false).meanNumber().doubleValue() / 2;
    Pix2PixStep.Stats first = Pix2PixStep.step(model, pairs);
    Pix2PixStep.Stats last = first;
    for (int i = 0; i < 150; i++) {
      last = Pix2PixStep.step(model, pairs);
    }
    assertTrue(first.l1() > 0.5 * untranslated, "an untrained generator is far from the truth: " + first.l1() + ", "
        + "untranslated " + untranslated);
    assertTrue(last.l1() < 0.5 * untranslated, "L1 after 150 steps " + last.l1() + ", untranslated "
        + untranslated);

    TrainingState state = model.state();
    assertEquals(model.generator().numParams() + model.discriminator().numParams()
        + model.generator().getUpdater().getStateViewArray().length()
        + model.discriminator().getUpdater().getStateViewArray().length(), state.flat().length);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    model.write(bytes);
    Pix2PixModel read = TranslationFolder.read(config, new ByteArrayInputStream(bytes.toByteArray()));
    assertArrayEquals(state.flat(), read.state().flat());
    // Same state, same batch: the same next step, Adam's moments included.
    Pix2PixStep.step(model, pairs);
    Pix2PixStep.step(read, pairs);
    assertArrayEquals(model.state().flat(), read.state().flat(), 1e-5f);
  }
}
