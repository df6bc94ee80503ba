package dev.dgmspark.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
  void generatorWeightsStartFromDcgansNormal() {
    MultiLayerNetwork g = GanNetworks.generator(FACES);
    double std = g.getParam("0_W").stdNumber().doubleValue();
    assertEquals(0.02, std, 0.002);
  }
}
