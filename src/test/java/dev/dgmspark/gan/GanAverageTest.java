package dev.dgmspark.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dgmspark.engine.NoiseStream;
import dev.dgmspark.engine.StepMetrics;
import dev.dgmspark.engine.TrainingState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The moving average of a GAN's generator ({@code --ema}): kept after every generator update, sampled from, part of
 * the state the engine averages, and written with the model.
 */
class GanAverageTest {
  private static final GanConfig PLAIN = GanStepTest.tiny(false);

  private static RealBatch batch(int n, long seed) {
    INDArray images = Nd4j.rand(Nd4j.getRandomFactory().getNewRandomInstance(seed), n, 1, 8, 8).muli(2).subi(1);
    return new RealBatch(images, null);
  }

  private static void step(GanModel model, long seed) {
    new GanFamily(model.config(), List.of()).step(model, List.of(batch(4, seed)), new NoiseStream(seed),
        new StepMetrics(new GanFamily(model.config(), List.of()).stepFigures()));
  }

  @Test
  void withoutADecayThereIsNoAverageAndSamplingUsesTheTrainedGenerator() {
    GanModel model = GanModel.create(PLAIN);
    assertNull(model.average());
    assertSame(model.generator(), model.samplingGenerator());
    assertEquals(2, model.networks().size());
  }

  @Test
  void theAverageFollowsTheGeneratorByTheRampedDecay() {
    GanModel model = GanModel.create(PLAIN.withEma(0.999));
    INDArray before = model.generator().params().dup();
    assertEquals(before, model.average(), "a fresh average is the initial weights");
    step(model, 3);
    INDArray after = model.generator().params();
    assertNotEquals(before, after);
    // One generator update: the average is 2/11 of the old weights and 9/11 of the new.
    INDArray expected = before.mul(2.0 / 11).addi(after.mul(9.0 / 11));
    assertTrue(expected.equalsWithEps(model.average(), 1e-5), "average after one update");
    assertNotEquals(after, model.average());
  }

  @Test
  void samplingRunsTheAveragedWeights() {
    GanModel model = GanModel.create(PLAIN.withEma(0.9));
    step(model, 4);
    step(model, 5);
    INDArray noise = new NoiseStream(11).gaussian(3, PLAIN.noiseDim());
    INDArray sampled = GanSampler.images(model, noise, null);
    GanModel averaged = GanModel.create(PLAIN);
    averaged.generator().setParams(model.average());
    assertTrue(averaged.generator().output(noise, false).addi(1).divi(2).equalsWithEps(sampled, 1e-5));
    assertNotEquals(model.generator().output(noise, false).addi(1).divi(2), sampled);
    assertEquals(model.average(), model.samplingGenerator().params(), "the sampler is refreshed from the average");
  }

  @Test
  void theEngineStateCarriesTheAverage() {
    GanModel model = GanModel.create(PLAIN.withEma(0.99));
    step(model, 6);
    TrainingState state = model.state();
    long plain = GanModel.create(PLAIN).state().flat().length;
    assertEquals(plain + model.generator().numParams(), state.flat().length);
    GanModel other = GanModel.create(PLAIN.withEma(0.99));
    other.setState(state);
    assertEquals(model.average(), other.average());
    assertEquals(model.generator().params(), other.generator().params());
  }

  @Test
  void theModelZipKeepsTheAverage() throws Exception {
    GanModel model = GanModel.create(PLAIN.withEma(0.99));
    step(model, 7);
    ByteArrayOutputStream zip = new ByteArrayOutputStream();
    model.write(zip);
    GanModel read = GanFolder.read(model.config(), new ByteArrayInputStream(zip.toByteArray()));
    assertEquals(model.average(), read.average());
    assertNotEquals(read.generator().params(), read.average());
    // Read as a model without a moving average (ema 0 in model.json), the zip's average is left aside.
    GanModel plain = GanFolder.read(PLAIN, new ByteArrayInputStream(zip.toByteArray()));
    assertNull(plain.average());
    assertEquals(model.generator().params(), plain.generator().params());
  }

  @Test
  void aZipWithoutAnAverageStartsOneAtTheGenerator() throws Exception {
    GanModel model = GanModel.create(PLAIN);
    step(model, 8);
    ByteArrayOutputStream zip = new ByteArrayOutputStream();
    model.write(zip);
    GanModel read = GanFolder.read(PLAIN.withEma(0.999), new ByteArrayInputStream(zip.toByteArray()));
    assertEquals(model.generator().params(), read.average());
  }

  @Test
  void aDecayOfOneOrMoreIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> PLAIN.withEma(1.0));
    assertThrows(IllegalArgumentException.class, () -> PLAIN.withEma(-0.1));
  }
}
