package dev.dgmspark.quality;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dgmspark.minibatch.BatchLabels;
import dev.dgmspark.testing.GradientCheck;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The attribute classifier on images whose two attributes are plain to see: brightness (dark or bright) and which
 * half of the image holds a bar (left or right); held-out images it never saw, and the accuracy rule by hand.
 */
class AttributeClassifierTest {
  private static final int SIZE = 12;

  /** n grey images; codes[i] = {brightness, bar side}, drawn from the seed. */
  private static INDArray images(int n, int[][] codes, long seed) {
    Random random = new Random(seed);
    float[] pixels = new float[n * SIZE * SIZE];
    for (int i = 0; i < n; i++) {
      codes[i][0] = random.nextInt(2);
      codes[i][1] = random.nextInt(2);
      float background = codes[i][0] == 0 ? 0.15f : 0.6f;
      for (int y = 0; y < SIZE; y++) {
        for (int x = 0; x < SIZE; x++) {
          boolean bar = codes[i][1] == 0 ? x < SIZE / 2 - 1 && x > 1 : x >= SIZE / 2 + 1 && x < SIZE - 2;
          float noise = (float) random.nextGaussian() * 0.03f;
          pixels[i * SIZE * SIZE + y * SIZE + x] = Math.min(1, Math.max(0, (bar ? background + 0.35f : background)
              + noise));
        }
      }
    }
    return Nd4j.create(pixels, new long[] {n, 1, SIZE, SIZE}, 'c');
  }

  @Test
  void learnsVisibleAttributesAndPredictsThemOnImagesItNeverSaw() throws Exception {
    int[][] trainCodes = new int[400][2];
    INDArray train = images(400, trainCodes, 1);
    AttributeClassifier classifier = AttributeClassifier.train(train, trainCodes, List.of(2, 2), 12, 7);
    assertEquals(2, classifier.heads());

    int[][] testCodes = new int[100][2];
    INDArray test = images(100, testCodes, 2);
    int[][] predicted = classifier.predict(test);
    assertTrue(AttributeClassifier.accuracy(predicted, testCodes, 0) >= 0.95,
        "brightness: " + AttributeClassifier.accuracy(predicted, testCodes, 0));
    assertTrue(AttributeClassifier.accuracy(predicted, testCodes, 1) >= 0.95,
        "bar side: " + AttributeClassifier.accuracy(predicted, testCodes, 1));

    double[][] features = classifier.features(test);
    assertEquals(100, features.length);
    assertEquals(AttributeClassifier.FEATURES, features[0].length);

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    classifier.write(bytes);
    AttributeClassifier read = AttributeClassifier.read(new ByteArrayInputStream(bytes.toByteArray()));
    assertEquals(java.util.Arrays.deepToString(predicted), java.util.Arrays.deepToString(read.predict(test)),
        "a written classifier reads back with the same predictions");
  }

  @Test
  void aClassifierTrainedThroughSeededNoiseStillReadsCleanImages() {
    int[][] trainCodes = new int[400][2];
    INDArray train = images(400, trainCodes, 1);
    int[][] testCodes = new int[100][2];
    INDArray test = images(100, testCodes, 2);
    AttributeClassifier plain = AttributeClassifier.train(train, trainCodes, List.of(2, 2), 12, 7);
    AttributeClassifier noisy = AttributeClassifier.train(train, trainCodes, List.of(2, 2), 12, 7, 0.15);
    int[][] predicted = noisy.predict(test);
    for (int h = 0; h < 2; h++) {
      assertTrue(AttributeClassifier.accuracy(predicted, testCodes, h) >= 0.95,
          "head " + h + ": " + AttributeClassifier.accuracy(predicted, testCodes, h));
    }
    assertEquals(noisy.graph().params(), AttributeClassifier.train(train, trainCodes, List.of(2, 2), 12, 7, 0.15)
        .graph().params(), "the noise is drawn from the seed");
    assertNotEquals(plain.graph().params(), noisy.graph().params());
    assertThrows(IllegalArgumentException.class,
        () -> AttributeClassifier.train(train, trainCodes, List.of(2, 2), 1, 7, -0.1));
  }

  @Test
  void accuracyCountsOnlyKnownValues() {
    int missing = BatchLabels.MISSING;
    int[][] known = {{0}, {1}, {missing}, {1}};
    int[][] predicted = {{0}, {0}, {1}, {1}};
    // Three known rows, two right; the missing one is not counted, right or wrong.
    assertEquals(2.0 / 3, AttributeClassifier.accuracy(predicted, known, 0), 1e-12);
    assertTrue(Double.isNaN(AttributeClassifier.accuracy(new int[][] {{0}}, new int[][] {{missing}}, 0)));
  }

  /** Σ_i Σ_{h : heads[h]} −log p_h(targets[i][h] | x_i), from plain inference passes. */
  private static double crossEntropy(AttributeClassifier classifier, INDArray images, int[][] targets,
      boolean[] heads) {
    INDArray[] out = classifier.graph().output(false, images);
    double loss = 0;
    for (int h = 0; h < heads.length; h++) {
      for (int i = 0; heads[h] && i < targets.length; i++) {
        loss -= Math.log(out[h].getDouble(i, targets[i][h]));
      }
    }
    return loss;
  }

  @Test
  void crossEntropyGradientMatchesFiniteDifferencesAndLeavesOutHeadsAndTheWeights() {
    // Double precision, random weights: three heads, the middle one left out.
    AttributeClassifier classifier = AttributeClassifier.of(AttributeClassifier.network(8, 3, List.of(3, 2, 2), 5,
        DataType.DOUBLE));
    Nd4j.getRandom().setSeed(3);
    INDArray images = Nd4j.rand(DataType.DOUBLE, 4, 3, 8, 8);
    int[][] targets = {{0, 1, 1}, {2, 0, 0}, {1, 1, 0}, {0, 0, 1}};
    boolean[] heads = {true, false, true};
    INDArray weights = classifier.graph().params().dup();

    AttributeClassifier.InputGradient analytic = classifier.crossEntropyGradient(images, targets, heads);
    assertEquals(crossEntropy(classifier, images, targets, heads) / 4, analytic.meanLoss(), 1e-9);
    assertArrayEquals(images.shape(), analytic.gradient().shape());
    int checked = GradientCheck.assertMatches("pixel", images, analytic.gradient(), 7,
        () -> crossEntropy(classifier, images, targets, heads));
    assertTrue(checked > 100, "checked " + checked);
    assertTrue(analytic.gradient().amaxNumber().doubleValue() > 1e-6, "the gradient is not all zero");
    assertEquals(weights, classifier.graph().params(), "the weights are left as they were");

    // No head: no loss and no gradient, whatever the targets.
    AttributeClassifier.InputGradient none = classifier.crossEntropyGradient(images, targets,
        new boolean[] {false, false, false});
    assertEquals(0, none.meanLoss());
    assertEquals(0, none.gradient().amaxNumber().doubleValue(), 0);
  }
}
