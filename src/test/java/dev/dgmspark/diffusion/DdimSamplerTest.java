package dev.dgmspark.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dgmspark.engine.NoiseStream;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The DDIM update against its formula, the visited timesteps, and determinism. */
class DdimSamplerTest {
  private static final NoiseSchedule SCHEDULE = NoiseSchedule.of(ScheduleKind.LINEAR, 1000);

  @Test
  void deterministicStepFollowsTheFormula() {
    INDArray xt = Nd4j.create(new double[] {0.3, -1.2}, new long[] {1, 2}).castTo(DataType.DOUBLE);
    INDArray eps = Nd4j.create(new double[] {0.5, -0.1}, new long[] {1, 2}).castTo(DataType.DOUBLE);
    int t = 600;
    int s = 400;
    double at = SCHEDULE.alphaBar(t);
    double as = SCHEDULE.alphaBar(s);
    INDArray next = DdimSampler.step(SCHEDULE, xt, eps, t, s, 0, null, false);
    for (int i = 0; i < 2; i++) {
      double x0 = (xt.getDouble(0, i) - Math.sqrt(1 - at) * eps.getDouble(0, i)) / Math.sqrt(at);
      double expected = Math.sqrt(as) * x0 + Math.sqrt(1 - as) * eps.getDouble(0, i);
      assertEquals(expected, next.getDouble(0, i), 1e-9);
    }
  }

  @Test
  void stochasticStepAddsSigmaTimesTheFreshNoise() {
    INDArray xt = Nd4j.create(new double[] {0.3, -0.4}, new long[] {1, 2}).castTo(DataType.DOUBLE);
    INDArray eps = Nd4j.create(new double[] {0.2, 0.1}, new long[] {1, 2}).castTo(DataType.DOUBLE);
    INDArray z = Nd4j.create(new double[] {1.0, -2.0}, new long[] {1, 2}).castTo(DataType.DOUBLE);
    int t = 500;
    int s = 499;
    double eta = 1.0;
    double at = SCHEDULE.alphaBar(t);
    double as = SCHEDULE.alphaBar(s);
    double sigma = eta * Math.sqrt((1 - as) / (1 - at)) * Math.sqrt(1 - at / as);
    // With η = 1 and consecutive steps σ² is DDPM's posterior variance β̃_t = β_t (1 − ᾱ_{t−1}) / (1 − ᾱ_t).
    assertEquals(SCHEDULE.beta(t) * (1 - as) / (1 - at), sigma * sigma, 1e-12);
    INDArray next = DdimSampler.step(SCHEDULE, xt, eps, t, s, eta, z, false);
    for (int i = 0; i < 2; i++) {
      double x0 = (xt.getDouble(0, i) - Math.sqrt(1 - at) * eps.getDouble(0, i)) / Math.sqrt(at);
      double expected = Math.sqrt(as) * x0 + Math.sqrt(1 - as - sigma * sigma) * eps.getDouble(0, i)
          + sigma * z.getDouble(0, i);
      assertEquals(expected, next.getDouble(0, i), 1e-9);
    }
  }

  @Test
  void etaOneOnConsecutiveStepsIsDdpmsAncestralStep() {
    // DDPM (Ho et al. 2020, eq. 11): x_{t-1} = (x_t − β_t / √(1 − ᾱ_t) · ε) / √α_t + σ_t z, σ_t² = β̃_t.
    INDArray xt = Nd4j.create(new double[] {0.4, -0.7}, new long[] {1, 2}).castTo(DataType.DOUBLE);
    INDArray eps = Nd4j.create(new double[] {-0.3, 0.8}, new long[] {1, 2}).castTo(DataType.DOUBLE);
    INDArray z = Nd4j.create(new double[] {0.5, 1.5}, new long[] {1, 2}).castTo(DataType.DOUBLE);
    int t = 300;
    double beta = SCHEDULE.beta(t);
    double at = SCHEDULE.alphaBar(t);
    double sigma = Math.sqrt(beta * (1 - SCHEDULE.alphaBar(t - 1)) / (1 - at));
    INDArray next = DdimSampler.step(SCHEDULE, xt, eps, t, t - 1, 1.0, z, false);
    for (int i = 0; i < 2; i++) {
      double mean = (xt.getDouble(0, i) - beta / Math.sqrt(1 - at) * eps.getDouble(0, i)) / Math.sqrt(1 - beta);
      assertEquals(mean + sigma * z.getDouble(0, i), next.getDouble(0, i), 1e-9);
    }
  }

  @Test
  void theTrueNoiseLeadsBackToTheCleanImageInOneStep() {
    INDArray x0 = Nd4j.create(new float[] {0.9f, -0.3f, 0.1f, -1f}, new long[] {1, 1, 2, 2});
    INDArray eps = new NoiseStream(5).gaussian(1, 4).reshape('c', 1, 1, 2, 2);
    INDArray xt = SCHEDULE.noisy(x0, eps, new int[] {700});
    INDArray back = DdimSampler.step(SCHEDULE, xt, eps, 700, -1, 0, null, true);
    assertArrayEquals(x0.data().asFloat(), back.data().asFloat(), 1e-4f);
  }

  @Test
  void clippingKeepsTheCleanImageEstimateInRange() {
    INDArray xt = Nd4j.create(new float[] {3f, -3f}, new long[] {1, 2});
    INDArray eps = Nd4j.zeros(DataType.FLOAT, 1, 2);
    INDArray x = DdimSampler.step(SCHEDULE, xt, eps, 100, -1, 0, null, true);
    assertEquals(1.0, x.getDouble(0, 0), 1e-6);
    assertEquals(-1.0, x.getDouble(0, 1), 1e-6);
  }

  @Test
  void visitsEvenlySpreadTimestepsFromTheNoisiest() {
    assertArrayEquals(new int[] {999, 666, 333, 0}, DdimSampler.timesteps(1000, 4));
    assertArrayEquals(new int[] {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}, DdimSampler.timesteps(10, 10));
    assertArrayEquals(new int[] {999}, DdimSampler.timesteps(1000, 1));
    int[] fifty = DdimSampler.timesteps(1000, 50);
    assertEquals(50, fifty.length);
    for (int i = 1; i < fifty.length; i++) {
      assertTrue(fifty[i] < fifty[i - 1]);
    }
    assertThrows(IllegalArgumentException.class, () -> DdimSampler.timesteps(100, 101));
    assertEquals("ddpm", DdimSampler.samplerName(1000, 1.0, 1000));
    assertEquals("ddim", DdimSampler.samplerName(1000, 0.0, 1000));
    assertEquals("ddim", DdimSampler.samplerName(50, 1.0, 1000));
  }

  @Test
  void sameSeedSameImagesOtherSeedOtherImages() {
    DiffusionConfig config = new DiffusionConfig(28, 1, 4, 8, ScheduleKind.COSINE, 100, 0.9, 1e-3, 3);
    DiffusionModel model = DiffusionModel.create(config);
    // Untrained output layers start at zero; give the network something to say.
    model.network().params().addi(Nd4j.randn(DataType.FLOAT, model.network().params().shape()).muli(0.05));
    DdimSampler sampler = new DdimSampler(model.network(), config);
    INDArray a = sampler.sample(3, 5, 0, new NoiseStream(9));
    INDArray b = sampler.sample(3, 5, 0, new NoiseStream(9));
    INDArray c = sampler.sample(3, 5, 0, new NoiseStream(10));
    assertArrayEquals(new long[] {3, 1, 28, 28}, a.shape());
    assertArrayEquals(a.data().asFloat(), b.data().asFloat(), 0f);
    assertTrue(a.distance2(c) > 1e-2);
    assertTrue(a.minNumber().doubleValue() >= 0 && a.maxNumber().doubleValue() <= 1, "pixels in [0, 1]");
  }
}
