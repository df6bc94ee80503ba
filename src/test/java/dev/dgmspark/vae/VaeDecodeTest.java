package dev.dgmspark.vae;

import dev.dgmspark.common.ModelKind;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Decoding a latent vector alone gives what the whole autoencoder reconstructs from it. */
class VaeDecodeTest {
  @Test
  void decodingTheCodeEqualsTheNetworksReconstruction() {
    ComputationGraph net = VaeNetwork.build(new VaeConfig(ModelKind.AE, 28, 1, 5, 0, 1e-3, 3));
    INDArray x = Nd4j.rand(DataType.FLOAT, 4, 1, 28, 28);
    VaeTerms terms = VaeTerms.evaluate(net, x, new ReconstructionLoss(Likelihood.GAUSSIAN, 0));
    INDArray decoded = VaeNetwork.decode(net, terms.mu());
    assertArrayEquals(new long[] {4, 1, 28, 28}, decoded.shape());
    assertArrayEquals(terms.reconstructed().reshape(4, 28 * 28).toFloatMatrix()[2],
        decoded.reshape(4, 28 * 28).toFloatMatrix()[2], 1e-5f);
    assertEquals(terms.reconstructed().sumNumber().doubleValue(), decoded.sumNumber().doubleValue(), 1e-2);
  }

  @Test
  void theGaussianDecoderHasAFullResolutionConvolutionThatDecodingRunsToo() {
    // An ae, so that the reconstruction decodes mu itself and decoding mu alone must give it back.
    ComputationGraph net = VaeNetwork.build(new VaeConfig(ModelKind.AE, 32, 3, 6, 0, Likelihood.GAUSSIAN, 1e-3, 3));
    INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 32, 32);
    assertArrayEquals(new long[] {2, VaeNetwork.FULL_RESOLUTION_FILTERS, 32, 32},
        VaeNetwork.activation(net, x, "dec_full").shape(), "full resolution, before the output convolution");
    VaeTerms terms = VaeTerms.evaluate(net, x, new ReconstructionLoss(Likelihood.GAUSSIAN, 0));
    INDArray decoded = VaeNetwork.decode(net, terms.mu());
    assertArrayEquals(terms.reconstructed().reshape(2, 3 * 32 * 32).toFloatMatrix()[1],
        decoded.reshape(2, 3 * 32 * 32).toFloatMatrix()[1], 1e-5f);
    ComputationGraph bernoulli = VaeNetwork.build(new VaeConfig(ModelKind.AE, 32, 3, 6, 0, Likelihood.BERNOULLI,
        1e-3, 3));
    assertThrows(IllegalArgumentException.class, () -> VaeNetwork.activation(bernoulli, x, "dec_full"));
    assertTrue(net.numParams() > bernoulli.numParams());
  }
}
