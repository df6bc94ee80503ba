package dev.dgmspark.translate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dgmspark.engine.NoiseStream;
import dev.dgmspark.engine.TrainingState;
import dev.dgmspark.gan.DiffAugment;
import dev.dgmspark.quality.AttributeClassifier;
import dev.dgmspark.testing.GradientCheck;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * CycleGAN's step on tiny networks: both generators' hand-built gradients (adversarial, cycle and identity terms,
 * the cycle's path through the other generator included) against finite differences, the discriminators' shape and
 * loss, a fresh model's identity, learning a fixed change, and the state round trip.
 */
class CycleGanStepTest {
  static CycleGanConfig tiny(int size, int channels, double cycle, double identity, double lr, long seed) {
    Map<String, List<String>> values = new LinkedHashMap<>();
    values.put("skin_tone", List.of("dark", "light", "medium"));
    values.put("hat", List.of("no", "yes"));
    return new CycleGanConfig(size, channels, 2, cycle, identity, lr, 0.5, seed, "skin_tone", "light", "dark",
        values);
  }

  private static CycleGanModel doubleModel(CycleGanConfig config) {
    // The classifier of the keep terms, if any, in double precision with random weights.
    AttributeClassifier keeper = config.keepWeight() == 0 ? null : AttributeClassifier.of(AttributeClassifier.network(
        config.imageSize(), config.channels(), config.attributeValues().values().stream().map(List::size).toList(), 40,
        DataType.DOUBLE));
    NetworkShape shape = config.shape();
    ComputationGraph[] generators = new ComputationGraph[2];
    for (int i = 0; i < 2; i++) {
      generators[i] = new ComputationGraph(TranslationNetworks.generatorConfiguration(shape.withSeed(10 + i),
          DataType.DOUBLE));
      generators[i].init();
      // Away from the start, where the change layer's zero weights would zero every other layer's gradient.
      Nd4j.getRandom().setSeed(20 + i);
      generators[i].params().addi(Nd4j.randn(DataType.DOUBLE, generators[i].params().shape()).muli(0.05));
    }
    MultiLayerNetwork[] discriminators = new MultiLayerNetwork[2];
    for (int i = 0; i < 2; i++) {
      discriminators[i] = new MultiLayerNetwork(TranslationNetworks.discriminatorConfiguration(shape.withSeed(30 + i),
          config.channels(), DataType.DOUBLE));
      discriminators[i].init();
    }
    return new CycleGanModel(config, generators[0], generators[1], discriminators[0], discriminators[1], null, null,
        keeper);
  }

  private static PairBatch randomImages(CycleGanConfig config, int n, long seed, DataType type) {
    Nd4j.getRandom().setSeed(seed);
    long[] shape = {n, config.channels(), config.imageSize(), config.imageSize()};
    return new PairBatch(Nd4j.rand(type, shape).muli(2).subi(1), Nd4j.rand(type, shape).muli(2).subi(1));
  }

  private static double l1Sum(INDArray x, INDArray y) {
    return Transforms.abs(x.sub(y), false).sumNumber().doubleValue() / (x.length() / x.size(0));
  }

  private static double adversarialSum(MultiLayerNetwork d, INDArray x, DiffAugment augment) {
    INDArray out = d.output(augment == null ? x : augment.apply(x), false);
    return -Transforms.log(out, true).sumNumber().doubleValue() / (out.length() / out.size(0));
  }

  /**
   * The generators' loss summed over the minibatch, from plain forward passes; D_B sees G(a) through {@code augmentB},
   * D_A sees F(b) through {@code augmentA} (null: as they are), the keeping classifier reads G(a) + {@code noiseB} and
   * F(b) + {@code noiseA} (null: no noise).
   */
  private static double generatorLoss(CycleGanModel model, PairBatch batch, DiffAugment augmentB,
      DiffAugment augmentA, INDArray noiseB, INDArray noiseA) {
    CycleGanConfig config = model.config();
    INDArray a = batch.source();
    INDArray b = batch.target();
    INDArray fakeB = CycleGanStep.translate(model.generatorAb(), a);
    INDArray fakeA = CycleGanStep.translate(model.generatorBa(), b);
    double adversarial = adversarialSum(model.discriminatorB(), fakeB, augmentB)
        + adversarialSum(model.discriminatorA(), fakeA, augmentA);
    double cycle = l1Sum(CycleGanStep.translate(model.generatorBa(), fakeB), a)
        + l1Sum(CycleGanStep.translate(model.generatorAb(), fakeA), b);
    double identity = l1Sum(CycleGanStep.translate(model.generatorAb(), b), b)
        + l1Sum(CycleGanStep.translate(model.generatorBa(), a), a);
    double keep = model.keeper() == null ? 0 : keepSum(model, fakeB, noiseB, a) + keepSum(model, fakeA, noiseA, b);
    return adversarial + config.cycleWeight() * cycle + config.identityWeight() * identity
        + config.keepWeight() * keep;
  }

  /**
   * Σ_i Σ over every head but the translated attribute's of −log p(value read in input i | translation i), by the
   * model's classifier on pixels in [0, 1], {@code noise} (or nothing when null) added to the translation.
   */
  private static double keepSum(CycleGanModel model, INDArray translated, INDArray noise, INDArray inputs) {
    AttributeClassifier keeper = model.keeper();
    int[][] read = keeper.predict(inputs.add(1).divi(2));
    INDArray seen = translated.add(1).divi(2);
    INDArray[] out = keeper.graph().output(false, noise == null ? seen : seen.add(noise));
    List<String> heads = model.config().attributes();
    double sum = 0;
    for (int h = 0; h < heads.size(); h++) {
      for (int i = 0; !heads.get(h).equals(model.config().attribute()) && i < read.length; i++) {
        sum -= Math.log(out[h].getDouble(i, read[i][h]));
      }
    }
    return sum;
  }

  @Test
  void generatorGradientsMatchFiniteDifferences() {
    checkGeneratorGradients(null);
  }

  @Test
  void generatorGradientsMatchFiniteDifferencesThroughTheAugmentation() {
    // Every transformation at once; drawn once, so that both the analytic and the numeric side see the same one.
    checkGeneratorGradients(DiffAugment.Policy.parse("color,translation,cutout"));
  }

  private static void checkGeneratorGradients(DiffAugment.Policy policy) {
    for (CycleGanConfig config : List.of(tiny(8, 1, 10, 5, 2e-3, 7), tiny(8, 3, 3, 0.5, 2e-3, 9),
        tiny(8, 3, 3, 0.5, 2e-3, 11).withKeepWeight(2.5))) {
      CycleGanModel model = doubleModel(config);
      PairBatch batch = randomImages(config, 3, 5, DataType.DOUBLE);
      NoiseStream noise = new NoiseStream(config.seed());
      long[] shape = batch.source().shape();
      DiffAugment augmentB = policy == null ? null : DiffAugment.draw(policy, shape, noise);
      DiffAugment augmentA = policy == null ? null : DiffAugment.draw(policy, shape, noise);
      // The keeping classifier's noise, drawn once as well (with the augmentation only, so both noises are covered).
      boolean noisy = policy != null && model.keeper() != null;
      INDArray noiseB = noisy ? noise.gaussian(3, (int) (batch.source().length() / 3)).reshape(shape)
          .muli(CycleGanStep.KEEPER_NOISE).castTo(DataType.DOUBLE) : null;
      INDArray noiseA = noisy ? noise.gaussian(3, (int) (batch.source().length() / 3)).reshape(shape)
          .muli(CycleGanStep.KEEPER_NOISE).castTo(DataType.DOUBLE) : null;
      CycleGanStep.GeneratorGradients analytic = CycleGanStep.generatorGradients(model, batch, augmentB, augmentA,
          noiseB, noiseA);
      int checked = 0;
      for (boolean ab : new boolean[] {true, false}) {
        ComputationGraph generator = ab ? model.generatorAb() : model.generatorBa();
        org.deeplearning4j.nn.gradient.Gradient gradient = ab ? analytic.ab() : analytic.ba();
        Map<String, INDArray> params = generator.paramTable();
        for (String key : List.of("e1_W", "e2_b", "d0_W", "d1_b", "change_W", "change_b")) {
          INDArray view = params.get(key);
          INDArray exactAll = gradient.getGradientFor(key).dup();
          checked += GradientCheck.assertMatches((ab ? "G " : "F ") + key, view, exactAll, view.length() / 4,
              () -> generatorLoss(model, batch, augmentB, augmentA, noiseB, noiseA));
        }
      }
      assertTrue(checked > 30, "checked " + checked);
      // The reported terms are the means the loss is made of.
      double n = batch.size();
      assertEquals(generatorLoss(model, batch, augmentB, augmentA, noiseB, noiseA) / n, analytic.adversarial()
          + config.cycleWeight() * 2 * 2 * analytic.cycleL1()
          + config.identityWeight() * 2 * 2 * analytic.identityL1()
          + config.keepWeight() * analytic.keep(), 1e-6);
      assertEquals(config.keepWeight() > 0, analytic.keep() > 0, "keep term " + analytic.keep());
    }
  }

  @Test
  void aFreshModelCopiesItsInputsAndItsDiscriminatorsJudgePatches() {
    CycleGanConfig config = tiny(16, 3, 10, 5, 2e-3, 1);
    CycleGanModel model = CycleGanModel.create(config);
    PairBatch batch = randomImages(config, 4, 2, DataType.FLOAT);
    for (ComputationGraph generator : List.of(model.generatorAb(), model.generatorBa())) {
      assertEquals(0, CycleGanStep.translate(generator, batch.source()).sub(batch.source()).amaxNumber()
          .doubleValue(), 1e-6);
    }
    INDArray verdicts = model.discriminatorB().output(batch.target(), false);
    assertArrayEquals(new long[] {4, 1, 4, 4}, verdicts.shape());
    CycleGanStep.GeneratorGradients g = CycleGanStep.generatorGradients(model, batch);
    assertEquals(0, g.cycleL1(), 1e-7);
    assertEquals(0, g.identityL1(), 1e-7);
    // The two generators start from different weights.
    assertTrue(model.generatorAb().params().sub(model.generatorBa().params()).amaxNumber().doubleValue() > 0);
  }

  @Test
  void discriminatorStepReportsItsCrossEntropyAndLearns() {
    CycleGanConfig config = tiny(8, 1, 10, 5, 5e-3, 4);
    CycleGanModel model = CycleGanModel.create(config);
    PairBatch batch = randomImages(config, 6, 8, DataType.FLOAT);
    INDArray fake = batch.source().mul(0.2);
    INDArray real = model.discriminatorB().output(batch.target(), false);
    INDArray onFake = model.discriminatorB().output(fake, false);
    double expected = -(Transforms.log(real, true).sumNumber().doubleValue()
        + Transforms.log(onFake.rsub(1.0), true).sumNumber().doubleValue()) / (real.length() + onFake.length());
    double[] first = CycleGanStep.discriminatorStep(model.discriminatorB(), batch.target(), fake);
    assertEquals(expected, first[0], 1e-5);
    assertEquals(real.meanNumber().doubleValue(), first[1], 1e-6);
    double[] last = first;
    for (int i = 0; i < 60; i++) {
      last = CycleGanStep.discriminatorStep(model.discriminatorB(), batch.target(), fake);
    }
    assertTrue(last[0] < 0.5 * first[0], "D loss " + first[0] + " -> " + last[0]);
  }

  @Test
  void stepsLearnAChangeOfBrightnessBothWaysAndTheStateRoundTrips() throws Exception {
    CycleGanConfig config = tiny(8, 1, 10, 5, 5e-3, 3);
    CycleGanModel model = CycleGanModel.create(config);
    // Domain A: dark flat images, domain B: bright ones. G must brighten, F darken.
    Nd4j.getRandom().setSeed(2);
    INDArray a = Nd4j.rand(DataType.FLOAT, 16, 1, 1, 1).muli(0.3).subi(0.8).broadcast(16, 1, 8, 8).dup();
    INDArray b = Nd4j.rand(DataType.FLOAT, 16, 1, 1, 1).muli(0.3).addi(0.5).broadcast(16, 1, 8, 8).dup();
    PairBatch batch = new PairBatch(a, b);
    double before = CycleGanStep.translate(model.generatorAb(), a).meanNumber().doubleValue();
    CycleGanStep.Stats last = null;
    for (int i = 0; i < 200; i++) {
      last = CycleGanStep.step(model, batch, new NoiseStream(1));
    }
    double after = CycleGanStep.translate(model.generatorAb(), a).meanNumber().doubleValue();
    double back = CycleGanStep.translate(model.generatorBa(), b).meanNumber().doubleValue();
    assertTrue(after > before + 0.5, "G(a) mean " + before + " -> " + after + " (b's mean " + b.meanNumber() + ")");
    assertTrue(back < b.meanNumber().doubleValue() - 0.5, "F(b) mean " + back);
    assertTrue(last.cycleL1() < 0.1, "cycle L1 " + last.cycleL1());

    TrainingState state = model.state();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    model.write(bytes);
    CycleGanModel read = CycleGanModel.read(config, new ByteArrayInputStream(bytes.toByteArray()));
    assertArrayEquals(state.flat(), read.state().flat());
    // Same state, same batch: the same next step, Adam's moments included.
    CycleGanStep.step(model, batch, new NoiseStream(1));
    CycleGanStep.step(read, batch, new NoiseStream(1));
    assertArrayEquals(model.state().flat(), read.state().flat(), 1e-5f);
  }

  @Test
  void theKeepTermsClassifierTravelsInTheStateAndTheZipAndStepsLeaveItAsItIs() throws Exception {
    CycleGanConfig plain = tiny(8, 1, 10, 5, 2e-3, 3);
    CycleGanConfig keeping = plain.withKeepWeight(1);
    CycleGanModel without = CycleGanModel.create(plain);
    CycleGanModel with = CycleGanModel.create(keeping);
    assertNull(without.keeper());
    assertEquals(without.state().flat().length + with.keeper().graph().numParams(), with.state().flat().length);
    assertArrayEquals(new boolean[] {false, true}, keeping.keptHeads(), "every head but the translated attribute's");
    assertArrayEquals(new boolean[] {false, false}, plain.keptHeads());

    // What the driver does before the first step: trained weights into the start model's classifier.
    with.keeper().graph().params().assign(0.25);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    with.write(bytes);
    CycleGanModel read = CycleGanModel.read(keeping, new ByteArrayInputStream(bytes.toByteArray()));
    assertEquals(0.25, read.keeper().graph().params().minNumber().doubleValue(), 0);
    assertEquals(0.25, read.keeper().graph().params().maxNumber().doubleValue(), 0);
    // A worker builds a fresh model and loads the broadcast state.
    CycleGanModel worker = CycleGanModel.create(keeping);
    worker.setState(with.state());
    assertEquals(with.keeper().graph().params(), worker.keeper().graph().params());

    PairBatch batch = randomImages(keeping, 4, 2, DataType.FLOAT);
    INDArray generatorBefore = worker.generatorAb().params().dup();
    CycleGanStep.Stats stats = CycleGanStep.step(worker, batch, new NoiseStream(1));
    assertTrue(stats.keep() > 0, "keep term " + stats.keep());
    assertEquals(with.keeper().graph().params(), worker.keeper().graph().params(), "the classifier is frozen");
    assertTrue(worker.generatorAb().params().sub(generatorBefore).amaxNumber().doubleValue() > 0);
    assertEquals(0, CycleGanStep.step(without, batch, new NoiseStream(1)).keep());

    assertThrows(IllegalArgumentException.class, () -> new CycleGanModel(plain, without.generatorAb(),
        without.generatorBa(), without.discriminatorA(), without.discriminatorB(), null, null, with.keeper()));
    assertThrows(IllegalArgumentException.class, () -> new CycleGanModel(keeping, without.generatorAb(),
        without.generatorBa(), without.discriminatorA(), without.discriminatorB(), null, null, null));
  }

  @Test
  void augmentedStepsFollowTheirNoiseAndNoPolicyDrawsNone() {
    CycleGanConfig config = tiny(8, 3, 10, 5, 5e-3, 6).withAugment(DiffAugment.Policy.parse("translation,cutout"));
    PairBatch batch = randomImages(config, 4, 3, DataType.FLOAT);
    CycleGanModel first = CycleGanModel.create(config);
    CycleGanModel same = CycleGanModel.create(config);
    CycleGanModel other = CycleGanModel.create(config);
    CycleGanStep.step(first, batch, new NoiseStream(5));
    CycleGanStep.step(same, batch, new NoiseStream(5));
    CycleGanStep.step(other, batch, new NoiseStream(6));
    assertArrayEquals(first.state().flat(), same.state().flat(), 0f);
    float[] a = first.state().flat();
    float[] b = other.state().flat();
    double largest = 0;
    for (int i = 0; i < a.length; i++) {
      largest = Math.max(largest, Math.abs(a[i] - b[i]));
    }
    assertTrue(largest > 1e-6, "another draw of the augmentation changed nothing");

    NoiseStream used = new NoiseStream(5);
    CycleGanStep.step(CycleGanModel.create(config.withAugment(DiffAugment.Policy.NONE)), batch, used);
    assertEquals(new NoiseStream(5).uniform(), used.uniform());
  }

  @Test
  void theConfigurationRefusesDomainsItCannotJudge() {
    Map<String, List<String>> values = Map.of("hat", List.of("no", "yes"));
    assertThrows(IllegalArgumentException.class, () -> new CycleGanConfig(8, 1, 2, 10, 5, 1e-3, 0.5, 1, "skin_tone",
        "light", "dark", values));
    assertThrows(IllegalArgumentException.class, () -> new CycleGanConfig(8, 1, 2, 10, 5, 1e-3, 0.5, 1, "hat", "no",
        "no", values));
    CycleGanConfig config = tiny(8, 1, 10, 5, 1e-3, 1);
    assertEquals(List.of("a2b", "b2a"), config.directions().stream().map(TranslationDirection::name).toList());
    assertEquals("dark", config.direction("a2b").to());
    assertEquals(CycleGanConfig.GENERATOR_BA, config.direction("b2a").generator());
    assertEquals(0, config.verdictHead());
  }
}
