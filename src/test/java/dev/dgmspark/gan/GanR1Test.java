package dev.dgmspark.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dgmspark.engine.NoiseStream;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The R1 penalty on the discriminator: its parameter gradient against nested finite differences, and the update it
 * makes through Adam.
 */
class GanR1Test {
  private static MultiLayerNetwork discriminator(GanConfig config, DataType type) {
    MultiLayerNetwork d = new MultiLayerNetwork(GanNetworks.discriminatorConfiguration(config, type));
    d.init();
    return d;
  }

  /** The real/fake logit of every image, from plain forward passes: log(p / (1 − p)). */
  private static double[] logits(MultiLayerNetwork d, INDArray x) {
    INDArray p = d.output(x, false).getColumn(0);
    double[] logits = new double[(int) x.size(0)];
    for (int i = 0; i < logits.length; i++) {
      double v = p.getDouble(i);
      logits[i] = Math.log(v / (1 - v));
    }
    return logits;
  }

  /**
   * (γ/2) Σ_i ‖∇_x ℓ(x_i)‖² over the first {@code imageChannels} channels, the input gradient taken by central
   * differences of forward passes (no back-propagation).
   */
  private static double penalty(MultiLayerNetwork d, INDArray x, int imageChannels, double gamma) {
    double h = 1e-5;
    double sum = 0;
    INDArray flat = x.reshape(x.length());
    long perImage = x.length() / x.size(0);
    long perChannel = perImage / x.size(1);
    for (long j = 0; j < flat.length(); j++) {
      if ((j % perImage) / perChannel >= imageChannels) {
        continue;
      }
      int image = (int) (j / perImage);
      double original = flat.getDouble(j);
      flat.putScalar(j, original + h);
      double plus = logits(d, x)[image];
      flat.putScalar(j, original - h);
      double minus = logits(d, x)[image];
      flat.putScalar(j, original);
      double derivative = (plus - minus) / (2 * h);
      sum += derivative * derivative;
    }
    return gamma / 2 * sum;
  }

  @Test
  void gradientMatchesNestedFiniteDifferences() {
    // gan (image channels only) and a cgan whose condition planes are left out of the penalty, and one with a
    // classifier head whose extra outputs the penalty ignores.
    for (GanConfig config : List.of(GanStepTest.tiny(false), GanStepTest.tiny(true),
        GanStepTest.tiny(true, ConditionMode.CLASSIFIER))) {
      MultiLayerNetwork d = discriminator(config, DataType.DOUBLE);
      // Seeded: the network is piecewise linear, and an image whose units sit within a finite difference's step of a
      // kink would make the numeric side wrong.
      Nd4j.getRandom().setSeed(11);
      int n = 3;
      INDArray images = Nd4j.rand(DataType.DOUBLE, n, config.channels(), 8, 8).muli(2).subi(1);
      INDArray condition = config.conditional() ? Nd4j.create(new double[][] {{1, 0}, {0, 1}, {0, 1}}) : null;
      INDArray x = GanStep.discriminatorInput(config, images, condition);
      double gamma = 3;
      GanStep.R1Gradient r1 = GanStep.r1Gradient(d, x, config.channels(), gamma);
      assertEquals(penalty(d, x, config.channels(), 2.0 / n), r1.meanSquaredNorm(), 1e-6 * r1.meanSquaredNorm());

      INDArray params = d.params();
      INDArray numeric = Nd4j.zeros(DataType.DOUBLE, params.length());
      double h = 1e-4;
      // Every sixth parameter: the nested differences cost two penalties of ~400 forward passes each.
      for (long j = 0; j < params.length(); j += 6) {
        double original = params.getDouble(j);
        params.putScalar(j, original + h);
        d.setParams(params);
        double plus = penalty(d, x, config.channels(), gamma);
        params.putScalar(j, original - h);
        d.setParams(params);
        double minus = penalty(d, x, config.channels(), gamma);
        params.putScalar(j, original);
        d.setParams(params);
        numeric.putScalar(j, (plus - minus) / (2 * h));
      }
      INDArray analytic = r1.gradient().reshape(params.length()).dup();
      for (long j = 0; j < params.length(); j++) {
        if (j % 6 != 0) {
          analytic.putScalar(j, 0);
        }
      }
      double cosine = analytic.mul(numeric).sumNumber().doubleValue()
          / (analytic.norm2Number().doubleValue() * numeric.norm2Number().doubleValue());
      double ratio = analytic.norm2Number().doubleValue() / numeric.norm2Number().doubleValue();
      assertTrue(cosine > 0.999, config + ": cosine " + cosine);
      assertEquals(1, ratio, 0.01, config + ": norm ratio");
    }
  }

  /** Seeded random images in [−1, 1], [n, 1, 8, 8]. */
  private static INDArray images(long seed, int n) {
    Nd4j.getRandom().setSeed(seed);
    return Nd4j.rand(DataType.FLOAT, n, 1, 8, 8).muli(2).subi(1);
  }

  @Test
  void aPenaltyStepIsAdamsStepOnThePenaltysGradient() {
    GanConfig config = GanStepTest.tiny(false);
    MultiLayerNetwork d = discriminator(config, DataType.FLOAT);
    INDArray x = images(13, 4);
    INDArray before = d.params().dup();
    INDArray gradient = GanStep.r1Gradient(d, x, 1, 5).gradient().dup();
    GanStep.r1Step(d, x, 1, 5);
    INDArray moved = d.params().sub(before);
    // Adam's first step is lr · m̂ / (√v̂ + ε) with m̂ = g and v̂ = g²: the learning rate against the gradient's sign.
    int checked = 0;
    for (long j = 0; j < gradient.length(); j++) {
      double g = gradient.getDouble(j) / 4;
      if (Math.abs(g) > 1e-4) {
        assertEquals(-Math.signum(g) * config.learningRate(), moved.getDouble(j), 1e-2 * config.learningRate(),
            "parameter " + j);
        checked++;
      }
    }
    assertTrue(checked > gradient.length() / 2, checked + " of " + gradient.length());
  }

  @Test
  void penaltyStepsFlattenTheDiscriminatorAtTheData() {
    MultiLayerNetwork d = discriminator(GanStepTest.tiny(false), DataType.FLOAT);
    INDArray x = images(12, 8);
    double first = GanStep.r1Gradient(d, x, 1, 1).meanSquaredNorm();
    for (int i = 0; i < 100; i++) {
      GanStep.r1Step(d, x, 1, 1);
    }
    double last = GanStep.r1Gradient(d, x, 1, 1).meanSquaredNorm();
    assertTrue(first > 0 && last < 0.5 * first, "mean squared input gradient " + first + " -> " + last);
  }

  @Test
  void theDiscriminatorStepAppliesThePenaltyEveryIntervalOnly() {
    GanConfig plain = GanStepTest.tiny(false);
    GanModel without = GanModel.create(plain);
    GanModel with = GanModel.create(plain.withR1(10));
    INDArray real = images(14, 4);
    for (int step = 1; step <= GanStep.R1_INTERVAL; step++) {
      GanStep.discriminatorStep(without, real, null, new NoiseStream(step));
      GanStep.discriminatorStep(with, real, null, new NoiseStream(step));
      boolean same = without.discriminator().params().equalsWithEps(with.discriminator().params(), 1e-7);
      assertEquals(step < GanStep.R1_INTERVAL, same, "after discriminator step " + step);
    }
  }

  @Test
  void aNegativeOrInfiniteWeightIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> GanStepTest.tiny(false).withR1(-1));
    assertThrows(IllegalArgumentException.class, () -> GanStepTest.tiny(false).withR1(Double.POSITIVE_INFINITY));
  }
}
