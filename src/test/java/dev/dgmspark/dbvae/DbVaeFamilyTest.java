package dev.dgmspark.dbvae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dgmspark.common.ModelKind;
import dev.dgmspark.debias.DensitySettings;
import dev.dgmspark.minibatch.BatchLabels;
import dev.dgmspark.minibatch.ImageBatchFile;
import dev.dgmspark.vae.Likelihood;
import dev.dgmspark.vae.ReconstructionLoss;
import dev.dgmspark.vae.VaeConfig;
import dev.dgmspark.vae.VaeNetwork;
import dev.dgmspark.vae.VaeTerms;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/** DB-VAE's minibatches and loss: label masks, the class weight, and the VAE loss restricted to positives. */
class DbVaeFamilyTest {
  private static final int SIZE = 28;
  private static final int LATENT = 3;
  private static final double CLASS_WEIGHT = 7.0;
  /** Codes of the label column: 0 = "no", 1 = "yes" (positive), 255 = missing. */
  private static final int POSITIVE = 1;

  private static VaeConfig vae() {
    return new VaeConfig(ModelKind.DBVAE, SIZE, 1, LATENT, 1.0, Likelihood.BERNOULLI, 1e-2, 3);
  }

  private static DbVaeConfig config(VaeLossScope scope) {
    return new DbVaeConfig("glasses", "yes", CLASS_WEIGHT, scope, DensitySettings.defaults());
  }

  /** Images of random pixels with the given label codes (one label column). */
  private static MultiDataSet batch(DbVaeFamily family, int[] codes, long seed) {
    Random random = new Random(seed);
    byte[] pixels = new byte[codes.length * SIZE * SIZE];
    random.nextBytes(pixels);
    byte[] labelCodes = new byte[codes.length];
    for (int i = 0; i < codes.length; i++) {
      labelCodes[i] = (byte) codes[i];
    }
    return family.batch(new ImageBatchFile(codes.length, 1, SIZE, SIZE, pixels),
        new BatchLabels(codes.length, 1, labelCodes));
  }

  private static MultiDataSet asDouble(MultiDataSet data) {
    INDArray[] labels = new INDArray[data.getLabels().length];
    INDArray[] masks = new INDArray[labels.length];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = data.getLabels(i).castTo(DataType.DOUBLE);
      INDArray mask = data.getLabelsMaskArray(i);
      masks[i] = mask == null ? null : mask.castTo(DataType.DOUBLE);
    }
    return new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[] {data.getFeatures(0).castTo(DataType.DOUBLE)},
        labels, null, masks);
  }

  @Test
  void minibatchTargetsAndMasksFollowTheLabels() {
    DbVaeFamily family = new DbVaeFamily(vae(), config(VaeLossScope.POSITIVES), POSITIVE);
    MultiDataSet data = batch(family, new int[] {1, 0, BatchLabels.MISSING, 1}, 1);
    assertArrayEquals(new float[] {1, 0, 0, 1}, data.getLabels(0).toFloatVector(), "class targets");
    assertArrayEquals(new float[] {1, 1, 0, 1}, data.getLabelsMaskArray(0).toFloatVector(),
        "a missing label does not count in the classification loss");
    assertArrayEquals(new float[] {1, 0, 0, 1}, data.getLabelsMaskArray(1).toFloatVector(),
        "reconstruction on positives only");
    assertArrayEquals(new float[] {1, 0, 0, 1}, data.getLabelsMaskArray(2).toFloatVector(), "KL on positives only");
    assertArrayEquals(new long[] {4, SIZE * SIZE}, data.getLabels(1).shape());

    MultiDataSet all = batch(new DbVaeFamily(vae(), config(VaeLossScope.ALL), POSITIVE), new int[] {1, 0}, 1);
    assertNull(all.getLabelsMaskArray(1));
    assertNull(all.getLabelsMaskArray(2));
  }

  @Test
  void scoreIsWeightedCrossEntropyPlusTheVaeLossOfPositivesComputedDirectly() {
    DbVaeFamily family = new DbVaeFamily(vae(), config(VaeLossScope.POSITIVES), POSITIVE);
    ComputationGraph net = new ComputationGraph(DbVaeNetwork.configuration(vae(), config(VaeLossScope.POSITIVES),
        DataType.DOUBLE));
    net.init();
    int[] codes = {1, 0, BatchLabels.MISSING, 1, 0};
    MultiDataSet data = asDouble(batch(family, codes, 2));
    INDArray x = data.getFeatures(0);
    INDArray p = DbVaeNetwork.classify(net, x);
    VaeTerms terms = VaeTerms.evaluate(net, x, new ReconstructionLoss(Likelihood.BERNOULLI, 0));
    double expected = 0;
    for (int i = 0; i < codes.length; i++) {
      double y = codes[i] == POSITIVE ? 1 : 0;
      if (codes[i] != BatchLabels.MISSING) {
        double q = p.getDouble(i);
        expected -= CLASS_WEIGHT * (y * Math.log(q) + (1 - y) * Math.log(1 - q));
      }
      if (codes[i] == POSITIVE) {
        expected += terms.reconstruction().getDouble(i) + terms.kl().getDouble(i);
      }
    }
    // In inference z = mu; DL4J's score is the sum of the three output losses divided by the minibatch size.
    assertEquals(expected / codes.length, net.score(data, false), 1e-6 * Math.abs(expected));
  }

  @Test
  void negativesTrainTheClassifierButNotTheLatentsOrDecoderWhenTheVaeLossIsOnPositives() {
    int[] negatives = {0, 0, 0, 0};
    for (VaeLossScope scope : VaeLossScope.values()) {
      DbVaeFamily family = new DbVaeFamily(vae(), config(scope), POSITIVE);
      ComputationGraph net = family.create().network();
      INDArray decoder = net.getLayer(VaeNetwork.DECODER_LOGITS).params().dup();
      INDArray mu = net.getLayer(VaeNetwork.MU).params().dup();
      INDArray head = net.getLayer(DbVaeNetwork.CLASS).params().dup();
      net.fit(batch(family, negatives, 3));
      boolean decoderMoved = !decoder.equals(net.getLayer(VaeNetwork.DECODER_LOGITS).params());
      boolean muMoved = !mu.equals(net.getLayer(VaeNetwork.MU).params());
      assertTrue(!head.equals(net.getLayer(DbVaeNetwork.CLASS).params()), scope + ": the classifier learns");
      if (scope == VaeLossScope.POSITIVES) {
        assertFalse(decoderMoved, "no positive in the minibatch: the decoder has no gradient");
        assertFalse(muMoved, "no positive in the minibatch: the latent mean has no gradient");
      } else {
        assertTrue(decoderMoved, "VAE loss on every image: the decoder learns from negatives");
        assertTrue(muMoved, "VAE loss on every image: the latent mean learns from negatives");
      }
    }
  }

  @Test
  void latentMeansAndClassProbabilitiesComeOutAtEveryImageSize() {
    // DL4J's partial feed-forward stopped at the wrong vertex of the 64x64 graph and returned no mu.
    for (int size : new int[] {28, 32, 64}) {
      VaeConfig vae = new VaeConfig(ModelKind.DBVAE, size, 3, LATENT, 1.0, Likelihood.BERNOULLI, 1e-3, 5);
      ComputationGraph net = DbVaeNetwork.build(vae, config(VaeLossScope.ALL));
      INDArray x = org.nd4j.linalg.factory.Nd4j.rand(DataType.FLOAT, 2, 3, size, size);
      INDArray mu = VaeNetwork.activation(net, x, VaeNetwork.MU);
      assertArrayEquals(new long[] {2, LATENT}, mu.shape(), size + "x" + size);
      assertEquals(net.feedForward(x, false).get(VaeNetwork.MU), mu);
      INDArray p = DbVaeNetwork.classify(net, x);
      assertArrayEquals(new long[] {2}, p.shape());
      assertTrue(p.minNumber().doubleValue() > 0 && p.maxNumber().doubleValue() < 1, "probabilities");
    }
  }
}
