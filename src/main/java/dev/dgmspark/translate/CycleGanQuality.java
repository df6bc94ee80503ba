package dev.dgmspark.translate;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.dgmspark.engine.TrainingSummary;
import dev.dgmspark.quality.AttributeClassifier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The figures of a CycleGAN on held-out images of both domains, pixels in [0, 1], judged by the project's
 * {@link AttributeClassifier} (one head per categorical attribute, trained here on the training images of both
 * domains with their known values, never on held-out images):
 * <ul>
 *   <li>{@code target_rate}: share of translations G(a) the classifier puts in domain B's value;
 *       {@code input_target_rate}, the same share for the untranslated a, is the floor;
 *   <li>{@code kept_rate}: the minimum over the other attributes of {@code kept_rates}, each the share of
 *       translations whose predicted value is the one predicted for their input (a translation that changes the
 *       hair colour fails it, whatever the classifier's accuracy on the hair);
 *   <li>{@code cycle_l1}: mean |F(G(a)) − a|;
 *   <li>{@code keeper_kept_rate}, with attribute-keeping terms only: {@code kept_rate} as the frozen classifier of
 *       those terms reads it. Far above {@code kept_rate}, it says the generators learned what only the classifier
 *       they were trained against sees (without {@link CycleGanStep#KEEPER_NOISE} the frozen one read the right
 *       smile on 0.99 of the dark-to-light translations of new faces, this one on 0.75); close to it, that the two
 *       read the translations alike;
 *   <li>the same figures the other way ({@code _b2a}), and the classifier's accuracy per attribute on the held-out
 *       real images of both domains, to judge how far its verdicts can be trusted.
 * </ul>
 */
public final class CycleGanQuality {
  /** Training examples (one image of each domain) the classifier learns from, at most. */
  public static final int MAX_CLASSIFIER_EXAMPLES = 3000;
  /**
   * Epochs of the classifier. With 8 it read smiles right on 96% of held-out real faces and kept_rate came out
   * lenient (smile kept 0.80 on a 10-epoch light-to-dark model); with 20, on the same model and data, 99.5% and 0.67:
   * a classifier that misses smiles on real faces also misses that a translation lost one.
   */
  private static final int CLASSIFIER_EPOCHS = 20;

  private CycleGanQuality() {}

  /** What {@link #measure} found. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Figures(int heldOut, double targetRate, double inputTargetRate, Double keptRate,
      Map<String, Double> keptRates, double cycleL1, double targetRateB2a, double inputTargetRateB2a,
      Double keptRateB2a, Map<String, Double> keptRatesB2a, double cycleL1B2a,
      Map<String, Double> classifierAccuracy, int classifierImages, Double keeperKeptRate,
      Double keeperKeptRateB2a, double seconds) {}

  /** The classifier of every attribute of {@code config}, trained on both domains of {@code train}. */
  public static AttributeClassifier classifier(CycleGanConfig config, DomainImages train, long seed) {
    return classifier(config, train, seed, 0);
  }

  /**
   * The frozen classifier of the attribute-keeping terms: {@link #classifier} trained through pixel noise of
   * {@link CycleGanStep#KEEPER_NOISE}, the noise the step adds to the translations it reads.
   */
  public static AttributeClassifier keeper(CycleGanConfig config, DomainImages train, long seed) {
    return classifier(config, train, seed, CycleGanStep.KEEPER_NOISE);
  }

  private static AttributeClassifier classifier(CycleGanConfig config, DomainImages train, long seed, double noise) {
    INDArray images = TranslationQuality.toUnit(Nd4j.concat(0, train.a(), train.b()));
    int n = train.size();
    int[][] codes = new int[2 * n][];
    System.arraycopy(train.codesA(), 0, codes, 0, n);
    System.arraycopy(train.codesB(), 0, codes, n, n);
    List<Integer> counts = config.attributeValues().values().stream().map(List::size).toList();
    return AttributeClassifier.train(images, codes, counts, CLASSIFIER_EPOCHS, seed, noise);
  }

  /** Measures {@code model} on {@code heldOut} with {@code classifier} (trained on {@code classifierImages}). */
  public static Figures measure(CycleGanModel model, AttributeClassifier classifier, int classifierImages,
      DomainImages heldOut) {
    long start = System.nanoTime();
    CycleGanConfig config = model.config();
    int head = config.verdictHead();
    int codeA = config.verdictValues().indexOf(config.domainA());
    int codeB = config.verdictValues().indexOf(config.domainB());
    List<ComputationGraph> translators = model.translators();
    INDArray toB = TranslationQuality.translate(translators.get(0), heldOut.a());
    INDArray backToA = TranslationQuality.translate(translators.get(1), toB);
    INDArray toA = TranslationQuality.translate(translators.get(1), heldOut.b());
    INDArray backToB = TranslationQuality.translate(translators.get(0), toA);
    Direction ab = direction(classifier, heldOut.a(), toB, backToA, head, codeB);
    Direction ba = direction(classifier, heldOut.b(), toA, backToB, head, codeA);
    Map<String, Double> accuracy = new LinkedHashMap<>();
    int[][] realA = classifier.predict(TranslationQuality.toUnit(heldOut.a()));
    int[][] realB = classifier.predict(TranslationQuality.toUnit(heldOut.b()));
    int[][] predicted = concat(realA, realB);
    int[][] known = concat(heldOut.codesA(), heldOut.codesB());
    List<String> attributes = config.attributes();
    for (int h = 0; h < attributes.size(); h++) {
      accuracy.put(attributes.get(h), round(AttributeClassifier.accuracy(predicted, known, h)));
    }
    AttributeClassifier keeper = model.keeper();
    Double keeperAb = keeper == null ? null : direction(keeper, heldOut.a(), toB, backToA, head, codeB).keptRate();
    Double keeperBa = keeper == null ? null : direction(keeper, heldOut.b(), toA, backToB, head, codeA).keptRate();
    return new Figures(heldOut.size(), ab.targetRate, ab.inputTargetRate, ab.keptRate(), ab.kept(attributes),
        ab.cycleL1, ba.targetRate, ba.inputTargetRate, ba.keptRate(), ba.kept(attributes), ba.cycleL1, accuracy,
        classifierImages, keeperAb, keeperBa, round((System.nanoTime() - start) / 1e9));
  }

  /** One direction's figures. */
  private record Direction(double targetRate, double inputTargetRate, double[] keptRates, int head,
      double cycleL1) {
    /** The minimum over the attributes but the translated one; null when there are none. */
    Double keptRate() {
      Double min = null;
      for (int h = 0; h < keptRates.length; h++) {
        if (h != head) {
          min = min == null ? keptRates[h] : Math.min(min, keptRates[h]);
        }
      }
      return min;
    }

    Map<String, Double> kept(List<String> attributes) {
      Map<String, Double> kept = new LinkedHashMap<>();
      for (int h = 0; h < keptRates.length; h++) {
        if (h != head) {
          kept.put(attributes.get(h), keptRates[h]);
        }
      }
      return kept;
    }
  }

  /** One direction's figures as {@code classifier} reads {@code inputs}, their translations and their cycles back. */
  private static Direction direction(AttributeClassifier classifier, INDArray inputs, INDArray translated,
      INDArray cycled, int head, int targetCode) {
    int[][] before = classifier.predict(TranslationQuality.toUnit(inputs));
    int[][] after = classifier.predict(TranslationQuality.toUnit(translated));
    int n = before.length;
    double[] kept = new double[classifier.heads()];
    int hits = 0;
    int inputHits = 0;
    for (int i = 0; i < n; i++) {
      hits += after[i][head] == targetCode ? 1 : 0;
      inputHits += before[i][head] == targetCode ? 1 : 0;
      for (int h = 0; h < kept.length; h++) {
        kept[h] += before[i][h] == after[i][h] ? 1 : 0;
      }
    }
    for (int h = 0; h < kept.length; h++) {
      kept[h] = round(kept[h] / n);
    }
    return new Direction(round(hits / (double) n), round(inputHits / (double) n), kept, head,
        TrainingSummary.round6(TranslationQuality.meanL1(cycled, inputs)));
  }

  private static int[][] concat(int[][] first, int[][] second) {
    int[][] all = new int[first.length + second.length][];
    System.arraycopy(first, 0, all, 0, first.length);
    System.arraycopy(second, 0, all, first.length, second.length);
    return all;
  }

  private static double round(double value) {
    return TrainingSummary.round(value);
  }
}
