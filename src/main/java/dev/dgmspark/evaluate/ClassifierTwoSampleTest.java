package dev.dgmspark.evaluate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The classifier two-sample test (Lopez-Paz and Oquab, ICLR 2017) on feature vectors: a fresh small classifier learns
 * to tell real from generated vectors on one half of each set, and its accuracy on the other half says how
 * distinguishable the sets are: 0.5 when they are not, 1 when they are separable.
 *
 * <p>The classifier is a multilayer perceptron (one hidden layer of {@value #HIDDEN} ReLU units, softmax over real and
 * generated, Adam, {@value #EPOCHS} epochs) on features standardised with the training half's mean and deviation: a
 * linear classifier would miss sets that differ only in spread (a collapsed generator around the real mean). Both
 * classes are cut with the same seeded permutation and kept to the same size, so identical sets score exactly 0.5.
 */
public final class ClassifierTwoSampleTest {
  static final int HIDDEN = 32;
  static final int EPOCHS = 40;
  private static final int BATCH = 64;

  private ClassifierTwoSampleTest() {}

  /**
   * The test's outcome.
   *
   * @param accuracy held-out accuracy (0.5 = indistinguishable)
   * @param trainRowsPerClass vectors of each set the classifier trained on
   * @param testRowsPerClass vectors of each set it was scored on
   */
  public record Result(double accuracy, int trainRowsPerClass, int testRowsPerClass) {}

  /** Runs the test on the first min(|real|, |generated|) rows of each set (at least 4 each). */
  public static Result of(double[][] real, double[][] generated, long seed) {
    int n = Math.min(real.length, generated.length);
    if (n < 4) {
      throw new IllegalArgumentException(String.format(
          "A two-sample test needs at least 4 vectors per set; got %d real and %d generated.", real.length,
          generated.length));
    }
    int dims = real[0].length;
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(seed));
    int trainN = n / 2;
    int testN = n - trainN;
    double[] mean = new double[dims];
    double[] sd = new double[dims];
    for (int t = 0; t < trainN; t++) {
      for (double[] row : new double[][] {real[order.get(t)], generated[order.get(t)]}) {
        for (int j = 0; j < dims; j++) {
          mean[j] += row[j] / (2.0 * trainN);
        }
      }
    }
    for (int t = 0; t < trainN; t++) {
      for (double[] row : new double[][] {real[order.get(t)], generated[order.get(t)]}) {
        for (int j = 0; j < dims; j++) {
          sd[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / (2.0 * trainN);
        }
      }
    }
    for (int j = 0; j < dims; j++) {
      sd[j] = Math.sqrt(sd[j]) + 1e-8;
    }
    INDArray trainX = Nd4j.create(DataType.FLOAT, 2L * trainN, dims);
    INDArray trainY = Nd4j.create(DataType.FLOAT, 2L * trainN, 2);
    INDArray testX = Nd4j.create(DataType.FLOAT, 2L * testN, dims);
    for (int t = 0; t < n; t++) {
      boolean train = t < trainN;
      int row = train ? t : t - trainN;
      INDArray x = train ? trainX : testX;
      int rows = train ? trainN : testN;
      double[] r = real[order.get(t)];
      double[] g = generated[order.get(t)];
      for (int j = 0; j < dims; j++) {
        x.putScalar(new long[] {row, j}, (r[j] - mean[j]) / sd[j]);
        x.putScalar(new long[] {rows + row, j}, (g[j] - mean[j]) / sd[j]);
      }
      if (train) {
        trainY.putScalar(new long[] {row, 0}, 1);
        trainY.putScalar(new long[] {trainN + row, 1}, 1);
      }
    }

    MultiLayerConfiguration config = new NeuralNetConfiguration.Builder()
        .seed(seed)
        .dataType(DataType.FLOAT)
        .updater(new Adam(1e-3))
        .weightInit(WeightInit.RELU)
        .l2(1e-4)
        .list()
        .layer(new DenseLayer.Builder().nIn(dims).nOut(HIDDEN).activation(Activation.RELU).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(HIDDEN).nOut(2)
            .activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).build())
        .build();
    MultiLayerNetwork net = new MultiLayerNetwork(config);
    net.init();
    Random random = new Random(seed ^ 0x5DEECE66DL);
    List<Integer> rows = new ArrayList<>();
    for (int i = 0; i < 2 * trainN; i++) {
      rows.add(i);
    }
    for (int epoch = 0; epoch < EPOCHS; epoch++) {
      Collections.shuffle(rows, random);
      for (int from = 0; from < rows.size(); from += BATCH) {
        long[] pick = rows.subList(from, Math.min(rows.size(), from + BATCH)).stream().mapToLong(Integer::longValue)
            .toArray();
        net.fit(new DataSet(trainX.getRows(toInts(pick)), trainY.getRows(toInts(pick))));
      }
    }
    INDArray probabilities = net.output(testX, false);
    int right = 0;
    for (int i = 0; i < 2 * testN; i++) {
      boolean saysReal = probabilities.getDouble(i, 0) > probabilities.getDouble(i, 1);
      right += saysReal == (i < testN) ? 1 : 0;
    }
    return new Result(right / (2.0 * testN), trainN, testN);
  }

  private static int[] toInts(long[] values) {
    int[] out = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (int) values[i];
    }
    return out;
  }
}
