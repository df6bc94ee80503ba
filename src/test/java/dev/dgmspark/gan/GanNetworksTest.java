package dev.dgmspark.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The networks' initial weights: the discriminator passes an image's signal on, the generator starts as DCGAN's. */
class GanNetworksTest {
  private static final GanConfig FACES = new GanConfig(false, 32, 3, 64, 16, List.of(), List.of(), 2e-4, 0.5, 0.1,
      1, 42);

  @Test
  void freshDiscriminatorKeepsTheImageSignalThroughItsLayers() {
    MultiLayerNetwork d = GanNetworks.discriminator(FACES);
    Nd4j.getRandom().setSeed(5);
    INDArray images = Nd4j.rand(DataType.FLOAT, 64, 3, 32, 32).muli(2).subi(1);
    List<INDArray> activations = d.feedForward(images, false);
    // activations: input, one per convolution, the sigmoid output. With DCGAN's N(0, 0.02) and no normalisation each
    // convolution scales the spread by about 0.02·√(fan in) (0.14 to 0.45 here), so the last one's is far below 0.1.
    for (int layer = 1; layer < activations.size() - 1; layer++) {
      double std = activations.get(layer).stdNumber().doubleValue();
      assertTrue(std > 0.1, "activations of convolution " + layer + " have standard deviation " + std);
    }
    double verdictSpread = activations.get(activations.size() - 1).stdNumber().doubleValue();
    assertTrue(verdictSpread > 0.01, "D's verdicts on different images spread only " + verdictSpread);
  }

  @Test
  void refineLayersAreFullResolutionConvolutionsBeforeTheOutput() {
    MultiLayerNetwork plain = GanNetworks.generator(FACES);
    MultiLayerNetwork refined = GanNetworks.generator(FACES.withRefineLayers(2));
    // Each refine layer is a 3x3 convolution of 16 to 16 channels without bias (2,304 weights) and a batch
    // normalisation of 16 channels (scale, shift, running mean and variance: 64).
    assertEquals(plain.numParams() + 2 * (3 * 3 * 16 * 16 + 4 * 16), refined.numParams());
    assertEquals(plain.getnLayers() + 4, refined.getnLayers());
    Nd4j.getRandom().setSeed(3);
    INDArray noise = Nd4j.randn(DataType.FLOAT, 5, 64);
    List<INDArray> activations = refined.feedForward(noise, false);
    int outputLayer = refined.getnLayers() - 1;
    // activations.get(i) is the input of layer i: both refine convolutions (each followed by its batch
    // normalisation) and the output convolution see 16 channels at 32x32.
    for (int layer : new int[] {outputLayer - 4, outputLayer - 2, outputLayer}) {
      assertArrayEquals(new long[] {5, 16, 32, 32}, activations.get(layer).shape(), "input of layer " + layer);
    }
    assertArrayEquals(new long[] {5, 3, 32, 32}, refined.output(noise).shape());
    assertThrows(IllegalArgumentException.class, () -> FACES.withRefineLayers(GanConfig.MAX_REFINE_LAYERS + 1));
    assertThrows(IllegalArgumentException.class, () -> FACES.withRefineLayers(-1));
  }

  @Test
  void minibatchStdAddsOneChannelBeforeTheVerdictAndNoParameters() {
    MultiLayerNetwork plain = GanNetworks.discriminator(FACES);
    MultiLayerNetwork grouped = GanNetworks.discriminator(FACES.withMinibatchStd(4));
    // The output unit reads one more 4x4 plane: 16 more weights, nothing else.
    assertEquals(plain.numParams() + 16, grouped.numParams());
    assertEquals(plain.getnLayers() + 1, grouped.getnLayers());
    Nd4j.getRandom().setSeed(3);
    INDArray images = Nd4j.rand(DataType.FLOAT, 8, 3, 32, 32).muli(2).subi(1);
    List<INDArray> activations = grouped.feedForward(images, false);
    // activations.get(i) is the input of layer i; the verdict layer is the last.
    assertArrayEquals(new long[] {8, 4 * 16 + 1, 4, 4}, activations.get(grouped.getnLayers() - 1).shape());
    assertThrows(IllegalArgumentException.class, () -> FACES.withMinibatchStd(1));
    assertThrows(IllegalArgumentException.class, () -> FACES.withMinibatchStd(GanConfig.MAX_MINIBATCH_STD + 1));
  }

  @Test
  void aDiscriminatorWithMinibatchStdReadsBackFromTheModelZip() throws Exception {
    GanModel model = GanModel.create(FACES.withMinibatchStd(4));
    java.io.ByteArrayOutputStream zip = new java.io.ByteArrayOutputStream();
    GanFolder.write(model, zip);
    GanModel read = GanFolder.read(model.config(), new java.io.ByteArrayInputStream(zip.toByteArray()));
    Nd4j.getRandom().setSeed(4);
    INDArray images = Nd4j.rand(DataType.FLOAT, 8, 3, 32, 32).muli(2).subi(1);
    assertEquals(model.discriminator().getnLayers(), read.discriminator().getnLayers());
    assertArrayEquals(model.discriminator().output(images).toFloatVector(),
        read.discriminator().output(images).toFloatVector(), 1e-6f);
  }

  @Test
  void linearDecayLowersTheLearningRateByEpochToZeroAtTheEnd() {
    GanConfig plain = new GanConfig(false, 8, 1, 3, 2, List.of(), List.of(), 2e-3, 0.5, 0.1, 1, 7);
    org.nd4j.linalg.learning.config.Adam constant = GanNetworks.updater(plain);
    org.nd4j.linalg.learning.config.Adam decayed = GanNetworks.updater(plain.withLrDecayEpochs(4));
    // The counters are (iterations, epochs done): epoch 1 has 0 epochs done.
    assertEquals(2e-3, constant.getLearningRate(500, 9), 1e-12);
    assertEquals(2e-3, decayed.getLearningRate(0, 0), 1e-12);
    assertEquals(2e-3, decayed.getLearningRate(900, 0), 1e-12, "by epoch, not by iteration");
    assertEquals(1.5e-3, decayed.getLearningRate(100, 1), 1e-12);
    assertEquals(0.5e-3, decayed.getLearningRate(300, 3), 1e-12, "the last epoch");
    assertEquals(0, decayed.getLearningRate(400, 4), 0, "after the last epoch");
    assertEquals(0.5, decayed.getBeta1());
    MultiLayerNetwork d = new MultiLayerNetwork(GanNetworks.discriminatorConfiguration(plain.withLrDecayEpochs(4),
        DataType.FLOAT));
    d.init();
    org.deeplearning4j.nn.conf.MultiLayerConfiguration back = org.deeplearning4j.nn.conf.MultiLayerConfiguration
        .fromJson(d.getLayerWiseConfigurations().toJson());
    org.nd4j.linalg.learning.config.Adam restored = (org.nd4j.linalg.learning.config.Adam) ((
        org.deeplearning4j.nn.conf.layers.BaseLayer) back.getConf(0).getLayer()).getIUpdater();
    assertEquals(new dev.dgmspark.nn.LinearDecaySchedule(2e-3, 4), restored.getLearningRateSchedule(),
        "the schedule survives the network's JSON (model zips)");
    assertEquals(1.5e-3, restored.getLearningRate(0, 1), 1e-12);
  }

  @Test
  void generatorWeightsStartFromDcgansNormal() {
    MultiLayerNetwork g = GanNetworks.generator(FACES);
    double std = g.getParam("0_W").stdNumber().doubleValue();
    assertEquals(0.02, std, 0.002);
  }
}
