package dev.dgmspark.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dgmspark.engine.NoiseStream;
import dev.dgmspark.engine.StepMetrics;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The moving averages of a CycleGAN's generators ({@code --ema}): kept after every step, used for translation (in
 * training's figures and grids, and by the {@code translate} job's reader), carried in the state and the model zip.
 */
class CycleGanAverageTest {
  private static final CycleGanConfig PLAIN = CycleGanStepTest.tiny(8, 1, 10, 5, 5e-3, 3);

  private static void step(CycleGanModel model, long seed) {
    Nd4j.getRandom().setSeed(seed);
    long[] shape = {2, 1, 8, 8};
    PairBatch batch = new PairBatch(Nd4j.rand(DataType.FLOAT, shape).muli(2).subi(1),
        Nd4j.rand(DataType.FLOAT, shape).muli(2).subi(1));
    CycleGanFamily family = new CycleGanFamily(model.config());
    family.step(model, List.of(batch), new NoiseStream(seed), new StepMetrics(family.stepFigures()));
  }

  @Test
  void withoutADecayTranslationUsesTheTrainedGenerators() {
    CycleGanModel model = CycleGanModel.create(PLAIN);
    assertNull(model.averageAb());
    assertSame(model.generatorAb(), model.translators().get(0));
    assertSame(model.generatorBa(), model.translators().get(1));
    assertEquals(4, model.networks().size());
  }

  @Test
  void bothAveragesFollowTheirGeneratorsAndTranslationUsesThem() {
    CycleGanModel model = CycleGanModel.create(PLAIN.withEma(0.999));
    INDArray g0 = model.generatorAb().params().dup();
    INDArray f0 = model.generatorBa().params().dup();
    step(model, 5);
    int update = model.generatorAb().getConfiguration().getIterationCount();
    double d = (1.0 + update) / (10 + update);
    assertTrue(g0.mul(d).addi(model.generatorAb().params().mul(1 - d)).equalsWithEps(model.averageAb(), 1e-5));
    assertTrue(f0.mul(d).addi(model.generatorBa().params().mul(1 - d)).equalsWithEps(model.averageBa(), 1e-5));
    assertNotEquals(model.generatorAb().params(), model.averageAb());
    List<ComputationGraph> translators = model.translators();
    assertEquals(model.averageAb(), translators.get(0).params());
    assertEquals(model.averageBa(), translators.get(1).params());
    assertEquals(6, model.networks().size());
    assertEquals(CycleGanModel.create(PLAIN).state().flat().length + g0.length() + f0.length(),
        model.state().flat().length);
  }

  @Test
  void theModelZipKeepsTheAveragesAndTranslateReadsThem() throws Exception {
    CycleGanModel model = CycleGanModel.create(PLAIN.withEma(0.99));
    step(model, 6);
    step(model, 7);
    ByteArrayOutputStream zip = new ByteArrayOutputStream();
    model.write(zip);
    CycleGanModel read = CycleGanModel.read(model.config(), new ByteArrayInputStream(zip.toByteArray()));
    assertEquals(model.averageAb(), read.averageAb());
    assertEquals(model.averageBa(), read.averageBa());
    assertEquals(model.generatorAb().params(), read.generatorAb().params());
    assertEquals(model.averageAb(),
        TranslationFolder.readGenerator(zip.toByteArray(), CycleGanConfig.GENERATOR_AB).params());
    assertEquals(model.averageBa(),
        TranslationFolder.readGenerator(zip.toByteArray(), CycleGanConfig.GENERATOR_BA).params());
  }

  @Test
  void aZipWithoutAveragesTranslatesWithTheTrainedWeightsAndStartsAveragesThere() throws Exception {
    CycleGanModel model = CycleGanModel.create(PLAIN);
    step(model, 8);
    ByteArrayOutputStream zip = new ByteArrayOutputStream();
    model.write(zip);
    assertEquals(model.generatorAb().params(),
        TranslationFolder.readGenerator(zip.toByteArray(), CycleGanConfig.GENERATOR_AB).params());
    CycleGanModel read = CycleGanModel.read(PLAIN.withEma(0.999), new ByteArrayInputStream(zip.toByteArray()));
    assertEquals(model.generatorBa().params(), read.averageBa());
  }
}
