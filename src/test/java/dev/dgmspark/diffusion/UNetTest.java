package dev.dgmspark.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dgmspark.engine.NoiseStream;
import dev.dgmspark.engine.StepMetrics;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The U-Net's shapes and that the diffusion step learns: a tiny network on a trivial dataset. */
class UNetTest {
  private static final DiffusionConfig TINY = new DiffusionConfig(28, 1, 8, 16, ScheduleKind.COSINE, 100, 0.9,
      2e-3, 7);

  @Test
  void predictsNoiseOfTheImagesShape() {
    for (int size : new int[] {28, 32, 64}) {
      DiffusionConfig config = new DiffusionConfig(size, 3, 4, 8, ScheduleKind.LINEAR, 50, 0.99, 1e-3, 1);
      ComputationGraph net = UNet.build(config);
      INDArray x = Nd4j.randn(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2, 3, size, size);
      INDArray out = net.output(false, x, TimeEmbedding.of(new int[] {0, 49}, 8))[0];
      assertArrayEquals(new long[] {2, 3, size, size}, out.shape(), "size " + size);
    }
  }

  @Test
  void lossFallsOnATrivialDataset() {
    // Every image is one of two flat grey levels: the noise is easy to tell from the image.
    DiffusionFamily family = new DiffusionFamily(TINY);
    DiffusionModel model = family.create();
    NoiseStream noise = new NoiseStream(3);
    List<Double> losses = new ArrayList<>();
    for (int step = 0; step < 60; step++) {
      INDArray x0 = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 16, 1, 28, 28);
      for (int i = 0; i < 16; i++) {
        x0.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i)).assign(i % 2 == 0 ? -0.8 : 0.6);
      }
      StepMetrics metrics = new StepMetrics(family.stepFigures());
      family.step(model, List.of(x0), noise, metrics);
      losses.add(metrics.mean(DiffusionFamily.NOISE_MSE));
    }
    double first = (losses.get(0) + losses.get(1) + losses.get(2)) / 3;
    double last = (losses.get(57) + losses.get(58) + losses.get(59)) / 3;
    assertTrue(Double.isFinite(last), "loss " + losses);
    assertTrue(last < 0.6 * first, "loss should fall: " + losses);
  }

  @Test
  void stepFigureIsTheMeanSquaredErrorPerValue() {
    DiffusionFamily family = new DiffusionFamily(TINY);
    DiffusionModel model = family.create();
    INDArray x0 = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 4, 1, 28, 28).muli(2).subi(1);
    DiffusionFamily.Example example = DiffusionFamily.example(TINY.noiseSchedule(), x0, new NoiseStream(5),
        TINY.embeddingDim());
    ComputationGraph net = model.network();
    // Perturb the zero-initialised output so the prediction is not all zeros.
    net.params().addi(Nd4j.randn(org.nd4j.linalg.api.buffer.DataType.FLOAT, net.params().shape()).muli(0.01));
    INDArray predicted = net.output(false, example.noisy(), example.time())[0];
    double expected = predicted.squaredDistance(example.noise()) / predicted.length();
    // The score of a training pass, as fit() leaves it. (DL4J M2.1's ActivationLayer overwrites its input in
    // feedForward(false) and score(data, false), which the U-Net's shortcuts also read; output(), training and
    // sampling copy between layers and agree: see Silu.)
    net.setInputs(example.noisy(), example.time());
    net.setLabels(example.noise());
    net.computeGradientAndScore();
    assertEquals(expected, family.meanSquaredError(net.score()), 1e-4 * expected);
  }

  @Test
  void gradientsMatchFiniteDifferences() {
    // Double precision, no updater; weights moved off their zero start so every path carries gradient (the time
    // bias vertex and the SiLU activations included).
    DiffusionConfig config = new DiffusionConfig(28, 1, 2, 4, ScheduleKind.COSINE, 20, 0.9, 1e-3, 5);
    ComputationGraph net = new ComputationGraph(UNet.configuration(config,
        org.nd4j.linalg.api.buffer.DataType.DOUBLE, new org.nd4j.linalg.learning.config.NoOp()));
    net.init();
    Nd4j.getRandom().setSeed(12);
    net.params().addi(Nd4j.randn(org.nd4j.linalg.api.buffer.DataType.DOUBLE, net.params().shape()).muli(0.2));
    INDArray x = Nd4j.randn(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 2, 1, 28, 28);
    INDArray t = TimeEmbedding.of(new int[] {3, 17}, 4).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
    INDArray noise = Nd4j.randn(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 2, 1, 28, 28);
    org.nd4j.linalg.api.buffer.DataType before = Nd4j.dataType();
    org.nd4j.linalg.api.buffer.DataType beforeFloat = Nd4j.defaultFloatingPointType();
    Nd4j.setDefaultDataTypes(org.nd4j.linalg.api.buffer.DataType.DOUBLE, org.nd4j.linalg.api.buffer.DataType.DOUBLE);
    try {
      boolean ok = org.deeplearning4j.gradientcheck.GradientCheckUtil.checkGradients(
          new org.deeplearning4j.gradientcheck.GradientCheckUtil.GraphConfig().net(net)
              .inputs(new INDArray[] {x, t}).labels(new INDArray[] {noise}).epsilon(1e-6).maxRelError(1e-3)
              .minAbsoluteError(1e-8).subset(true).maxPerParam(8));
      assertTrue(ok, "analytic gradients differ from finite differences");
    } finally {
      Nd4j.setDefaultDataTypes(before, beforeFloat);
    }
  }

  @Test
  void anImageIsPredictedAloneAsInABatch() {
    ComputationGraph net = UNet.build(TINY);
    net.params().addi(Nd4j.randn(org.nd4j.linalg.api.buffer.DataType.FLOAT, net.params().shape()).muli(0.01));
    INDArray x = Nd4j.randn(org.nd4j.linalg.api.buffer.DataType.FLOAT, 3, 1, 28, 28);
    INDArray t = TimeEmbedding.of(new int[] {5, 50, 95}, TINY.embeddingDim());
    INDArray batch = net.output(false, x, t)[0];
    for (int i = 0; i < 3; i++) {
      INDArray one = net.output(false, x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(i, i + 1)),
          t.getRows(i))[0];
      assertEquals(0, one.distance2(batch.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(i, i + 1))), 1e-4);
    }
  }
}
