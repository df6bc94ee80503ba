package dev.dgmspark.vae;

import dev.dgmspark.common.ModelKind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/** The VAE's loss terms against direct computations written out in the test. */
class VaeLossTest {
  private static final double BETA = 2.5;

  /** KL(N(mu, exp(lv)) || N(0,1)) for one row, written out term by term. */
  private static double klByHand(double[] mu, double[] logvar) {
    double sum = 0;
    for (int j = 0; j < mu.length; j++) {
      sum += 1 + logvar[j] - mu[j] * mu[j] - Math.exp(logvar[j]);
    }
    return -0.5 * sum;
  }

  @Test
  void klLossMatchesTheFormulaAndItsGradientMatchesFiniteDifferences() {
    Random random = new Random(3);
    int n = 4;
    int latent = 3;
    double[][] values = new double[n][2 * latent];
    for (double[] row : values) {
      for (int j = 0; j < row.length; j++) {
        row[j] = random.nextGaussian();
      }
    }
    INDArray muLogvar = Nd4j.createFromArray(values);
    KlDivergenceLoss loss = new KlDivergenceLoss(BETA);
    INDArray perExample = loss.computeScoreArray(null, muLogvar, new ActivationIdentity(), null);
    double total = 0;
    for (int i = 0; i < n; i++) {
      double[] mu = java.util.Arrays.copyOfRange(values[i], 0, latent);
      double[] logvar = java.util.Arrays.copyOfRange(values[i], latent, 2 * latent);
      double expected = BETA * klByHand(mu, logvar);
      assertEquals(expected, perExample.getDouble(i, 0), 1e-9);
      total += expected;
    }
    assertEquals(total / n, loss.computeScore(null, muLogvar, new ActivationIdentity(), null, true), 1e-9);

    INDArray gradient = loss.computeGradient(null, muLogvar, new ActivationIdentity(), null);
    double h = 1e-6;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 2 * latent; j++) {
        INDArray plus = muLogvar.dup();
        plus.putScalar(i, j, values[i][j] + h);
        INDArray minus = muLogvar.dup();
        minus.putScalar(i, j, values[i][j] - h);
        double numeric = (loss.computeScore(null, plus, new ActivationIdentity(), null, false)
            - loss.computeScore(null, minus, new ActivationIdentity(), null, false)) / (2 * h);
        assertEquals(numeric, gradient.getDouble(i, j), 1e-5, "d/d[" + i + "," + j + "]");
      }
    }
  }

  @Test
  void networkScoreIsReconstructionPlusBetaTimesKlComputedDirectly() {
    VaeConfig config = new VaeConfig(ModelKind.BETAVAE, 28, 1, 4, BETA, Likelihood.BERNOULLI, 1e-3, 7);
    ComputationGraph net = new ComputationGraph(VaeNetwork.configuration(config, DataType.DOUBLE));
    net.init();
    INDArray x = Nd4j.rand(DataType.DOUBLE, 5, 1, 28, 28);
    MultiDataSet data = new MultiDataSet(new INDArray[] {x},
        new INDArray[] {x.reshape('c', 5, 28 * 28), Nd4j.zeros(DataType.DOUBLE, 5, 8)});

    VaeTerms terms = VaeTerms.evaluate(net, x, new ReconstructionLoss(Likelihood.BERNOULLI, 0));
    double expected = 0;
    for (int i = 0; i < 5; i++) {
      double bce = 0;
      for (int p = 0; p < 28 * 28; p++) {
        double t = x.getDouble(i, 0, p / 28, p % 28);
        double q = Math.min(Math.max(terms.reconstructed().getDouble(i, p), 1e-7), 1 - 1e-7);
        bce -= t * Math.log(q) + (1 - t) * Math.log(1 - q);
      }
      double[] mu = terms.mu().getRow(i).toDoubleVector();
      double[] logvar = terms.logvar().getRow(i).toDoubleVector();
      double kl = klByHand(mu, logvar);
      assertEquals(bce, terms.reconstruction().getDouble(i), 1e-6 * bce);
      assertEquals(kl, terms.kl().getDouble(i), 1e-9 + 1e-9 * Math.abs(kl));
      expected += bce + BETA * kl;
    }
    // In inference z = mu, so DL4J's own score (the sum of the two loss layers, per example) must agree.
    assertEquals(expected / 5, net.score(data, false), 1e-4 * Math.abs(expected / 5));
  }

  @Test
  void gaussianDecoderScoreIsTheCalibratedNegativeLogLikelihoodPlusBetaTimesKl() {
    VaeConfig config = new VaeConfig(ModelKind.BETAVAE, 28, 1, 4, BETA, Likelihood.GAUSSIAN, 1e-3, 7);
    ComputationGraph net = new ComputationGraph(VaeNetwork.configuration(config, DataType.DOUBLE));
    net.init();
    INDArray x = Nd4j.rand(DataType.DOUBLE, 5, 1, 28, 28);
    MultiDataSet data = new MultiDataSet(new INDArray[] {x},
        new INDArray[] {x.reshape('c', 5, 28 * 28), Nd4j.zeros(DataType.DOUBLE, 5, 8)});
    VaeTerms terms = VaeTerms.evaluate(net, x, new ReconstructionLoss(Likelihood.GAUSSIAN, 0));
    // The variance is the minibatch's mean squared error; each image's loss is its Gaussian negative log-likelihood.
    int d = 28 * 28;
    double squares = 0;
    for (int i = 0; i < 5; i++) {
      for (int p = 0; p < d; p++) {
        double diff = x.getDouble(i, 0, p / 28, p % 28) - terms.reconstructed().getDouble(i, p);
        squares += diff * diff;
      }
    }
    double variance = squares / (5 * d);
    double expected = 0;
    for (int i = 0; i < 5; i++) {
      double own = 0;
      for (int p = 0; p < d; p++) {
        double diff = x.getDouble(i, 0, p / 28, p % 28) - terms.reconstructed().getDouble(i, p);
        own += diff * diff;
      }
      double nll = own / (2 * variance) + 0.5 * d * Math.log(2 * Math.PI * variance);
      assertEquals(nll, terms.reconstruction().getDouble(i), 1e-6 * Math.abs(nll));
      expected += nll + BETA * klByHand(terms.mu().getRow(i).toDoubleVector(),
          terms.logvar().getRow(i).toDoubleVector());
    }
    assertEquals(expected / 5, net.score(data, false), 1e-4 * Math.abs(expected / 5));
  }

  @Test
  void calibratedGaussianGradientMatchesFiniteDifferencesOfTheBatchLoss() {
    // The variance depends on the outputs; at its optimum the batch loss's gradient is (output - target) / variance.
    Random random = new Random(5);
    int n = 3;
    int d = 4;
    double[][] targets = new double[n][d];
    double[][] logits = new double[n][d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        targets[i][j] = random.nextDouble();
        logits[i][j] = random.nextGaussian();
      }
    }
    INDArray labels = Nd4j.createFromArray(targets);
    INDArray pre = Nd4j.createFromArray(logits);
    CalibratedGaussianLoss loss = new CalibratedGaussianLoss();
    org.nd4j.linalg.activations.impl.ActivationSigmoid sigmoid = new org.nd4j.linalg.activations.impl.ActivationSigmoid();
    INDArray gradient = loss.computeGradient(labels, pre, sigmoid, null);
    double h = 1e-6;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        INDArray plus = pre.dup();
        plus.putScalar(i, j, logits[i][j] + h);
        INDArray minus = pre.dup();
        minus.putScalar(i, j, logits[i][j] - h);
        double numeric = (loss.computeScore(labels, plus, sigmoid, null, false)
            - loss.computeScore(labels, minus, sigmoid, null, false)) / (2 * h);
        assertEquals(numeric, gradient.getDouble(i, j), 1e-5 * Math.max(1, Math.abs(numeric)),
            "d/d[" + i + "," + j + "]");
      }
    }
  }

  @Test
  void reparameterisationGradientMatchesFiniteDifferencesWithFixedNoise() {
    VaeConfig config = new VaeConfig(ModelKind.VAE, 28, 1, 3, 1.0, 1e-3, 11);
    ComputationGraph net = new ComputationGraph(VaeNetwork.configuration(config, DataType.DOUBLE));
    net.init();
    INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 1, 28, 28);
    MultiDataSet data = new MultiDataSet(new INDArray[] {x},
        new INDArray[] {x.reshape('c', 3, 28 * 28), Nd4j.zeros(DataType.DOUBLE, 3, 6)});
    net.setInputs(x);
    net.setLabels(data.getLabels());
    Nd4j.getRandom().setSeed(99);
    net.computeGradientAndScore();
    // The logvar layer's weights reach the loss only through the sampling vertex and the KL term. DL4J's raw
    // gradient is summed over the minibatch (its updater divides by the minibatch size); the score is the mean.
    INDArray analytic = net.gradient().getGradientFor("logvar_W").div(x.size(0));
    INDArray weights = net.getParam("logvar_W");
    double h = 1e-5;
    int checked = 0;
    for (int k = 0; k < weights.length(); k += Math.max(1, (int) weights.length() / 12)) {
      double original = weights.getDouble(k);
      weights.putScalar(k, original + h);
      double plus = scoreWithNoise(net, data);
      weights.putScalar(k, original - h);
      double minus = scoreWithNoise(net, data);
      weights.putScalar(k, original);
      double numeric = (plus - minus) / (2 * h);
      double tolerance = 1e-4 * Math.max(1.0, Math.abs(numeric));
      assertEquals(numeric, analytic.getDouble(k), tolerance, "logvar_W[" + k + "]");
      checked++;
    }
    assertTrue(checked >= 10);
  }

  private static double scoreWithNoise(ComputationGraph net, MultiDataSet data) {
    Nd4j.getRandom().setSeed(99);
    return net.score(data, true);
  }

  @Test
  void theReconstructionFloorIsTheLossOfAPerfectReconstruction() {
    // Two images: one all black (entropy 0), one mid-grey (entropy log 2 per pixel).
    INDArray target = Nd4j.createFromArray(new double[][] {{0, 0, 0, 0}, {0.5, 0.5, 0.5, 0.5}});
    INDArray bernoulli = new ReconstructionLoss(Likelihood.BERNOULLI, 0).floor(target);
    assertEquals(0.0, bernoulli.getDouble(0), 1e-5);
    assertEquals(4 * Math.log(2), bernoulli.getDouble(1), 1e-9);
    // Any other output costs more: the loss minus the floor is the summed per-pixel KL divergence.
    INDArray output = Nd4j.createFromArray(new double[][] {{0.3, 0.3, 0.3, 0.3}, {0.6, 0.6, 0.6, 0.6}});
    INDArray loss = new ReconstructionLoss(Likelihood.BERNOULLI, 0).perExample(target, output);
    assertEquals(-4 * Math.log(0.7), loss.getDouble(0) - bernoulli.getDouble(0), 1e-5);
    double kl = 0.5 * Math.log(0.5 / 0.6) + 0.5 * Math.log(0.5 / 0.4);
    assertEquals(4 * kl, loss.getDouble(1) - bernoulli.getDouble(1), 1e-9);
    // The Gaussian's floor is the same for every image of a size: 0.
    INDArray gaussian = new ReconstructionLoss(Likelihood.GAUSSIAN, 0.01).floor(target);
    assertEquals(0.0, gaussian.getDouble(0));
    assertEquals(0.0, gaussian.getDouble(1));
  }
}
