package dev.dgmspark.translate;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.dgmspark.engine.TrainingSummary;
import dev.dgmspark.quality.AttributeClassifier;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The figures of a translation model on held-out pairs, pixels in [0, 1]:
 * <ul>
 *   <li>{@code l1_ratio}: mean |G(x) − y| ÷ mean |x − y|, the translation's distance to the truth against the
 *       untranslated input's (below 1: closer to the truth than doing nothing; issue 19 asks ≤ 0.5);
 *   <li>{@code target_rate}: share of translations the attribute classifier puts in the target value;
 *       {@code input_target_rate}, the same share for the untranslated inputs, is the floor;
 *   <li>{@code classifier_accuracy}: the classifier's accuracy on the held-out true inputs and targets, to judge how
 *       far its verdicts can be trusted.
 * </ul>
 * The classifier is the project's {@link AttributeClassifier}, trained here on the training pairs' inputs (source
 * value) and targets (target value), never on held-out images.
 */
public final class TranslationQuality {
  /** Training pairs the classifier learns from, at most. */
  public static final int MAX_CLASSIFIER_PAIRS = 3000;
  private static final int CLASSIFIER_EPOCHS = 8;
  private static final int BATCH = 256;

  private TranslationQuality() {}

  /** What {@link #measure} found. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Figures(int heldOutPairs, double l1Translated, double l1Untranslated, double l1Ratio,
      double targetRate, double inputTargetRate, double classifierAccuracy, int classifierImages, double seconds) {}

  /**
   * Measures {@code generator} on {@code heldOut} with {@code classifier} (trained by {@link #classifier} on
   * {@code classifierImages} training images).
   */
  public static Figures measure(ComputationGraph generator, AttributeClassifier classifier, int classifierImages,
      PairImages heldOut) {
    long start = System.nanoTime();
    INDArray translated = translate(generator, heldOut.source());
    double l1Translated = meanL1(translated, heldOut.target());
    double l1Untranslated = meanL1(heldOut.source(), heldOut.target());
    double targetRate = share(classifier.predict(toUnit(translated)), 1);
    double inputTargetRate = share(classifier.predict(toUnit(heldOut.source())), 1);
    double accuracy = (share(classifier.predict(toUnit(heldOut.source())), 0) * heldOut.size()
        + share(classifier.predict(toUnit(heldOut.target())), 1) * heldOut.size()) / (2.0 * heldOut.size());
    return new Figures(heldOut.size(), TrainingSummary.round6(l1Translated), TrainingSummary.round6(l1Untranslated),
        round(l1Translated / Math.max(l1Untranslated, 1e-12)), round(targetRate), round(inputTargetRate),
        round(accuracy), classifierImages, round((System.nanoTime() - start) / 1e9));
  }

  /** The attribute classifier of source (code 0) against target (code 1), trained on both sides of the pairs. */
  public static AttributeClassifier classifier(PairImages train, long seed) {
    int n = train.size();
    int[][] codes = new int[2 * n][1];
    for (int i = 0; i < n; i++) {
      codes[n + i][0] = 1;
    }
    INDArray images = toUnit(Nd4j.concat(0, train.source(), train.target()));
    return AttributeClassifier.train(images, codes, List.of(2), CLASSIFIER_EPOCHS, seed);
  }

  /** G(x) for every image of {@code source} ([−1, 1]), in blocks. */
  public static INDArray translate(ComputationGraph generator, INDArray source) {
    int n = (int) source.size(0);
    INDArray[] parts = new INDArray[(n + BATCH - 1) / BATCH];
    for (int b = 0; b < parts.length; b++) {
      parts[b] = Pix2PixStep.translate(generator, source.get(NDArrayIndex.interval(b * BATCH,
          Math.min(n, (b + 1) * BATCH))));
    }
    return Nd4j.concat(0, parts);
  }

  /** Mean absolute difference of two [−1, 1] arrays, in [0, 1] pixel units. */
  public static double meanL1(INDArray a, INDArray b) {
    return Transforms.abs(a.sub(b), false).meanNumber().doubleValue() / 2;
  }

  /** [−1, 1] pixels to [0, 1]. */
  public static INDArray toUnit(INDArray images) {
    return images.add(1).divi(2);
  }

  private static double share(int[][] predicted, int code) {
    int hits = 0;
    for (int[] row : predicted) {
      hits += row[0] == code ? 1 : 0;
    }
    return predicted.length == 0 ? Double.NaN : hits / (double) predicted.length;
  }

  private static double round(double value) {
    return TrainingSummary.round(value);
  }
}
