package dev.dgmspark.gan;

import dev.dgmspark.engine.NoiseStream;
import dev.dgmspark.quality.AttributeClassifier;
import dev.dgmspark.quality.FrechetDistance;
import dev.dgmspark.minibatch.BatchLabels;
import dev.dgmspark.minibatch.LabeledImages;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The quality figures of a trained GAN, measured on the driver against real data that the generator never trained
 * on:
 *
 * <ul>
 *   <li>{@code classifier_accuracy}: an {@link AttributeClassifier} is trained on (up to
 *       {@value #MAX_CLASSIFIER_IMAGES}) training images; its accuracy per attribute on the held-out images says how
 *       far its judgement of generated images can be trusted;
 *   <li>{@code mode_coverage}: for every attribute value with at least {@value #MODE_MIN_SHARE} of the training
 *       data, its share among the generated images as the classifier judges them; a value counts as covered when
 *       that share reaches half its share in the training data;
 *   <li>{@code attribute_tv_distance}: per attribute, the total variation distance ½ Σ |p_real − p_generated|
 *       between the training data's value shares and the classified generated shares, with the same distance for
 *       the classified held-out real images as the floor that classifier errors alone produce;
 *   <li>{@code frechet_distance}: between held-out real and generated images, in the classifier's feature layer,
 *       with the distance between two halves of real data as a reference;
 *   <li>{@code condition_accuracy} (cgan): for every condition attribute and value, the share of images generated
 *       with that value requested that the classifier puts in that value; chance is one over the number of values.
 * </ul>
 */
public final class GanQuality {
  private static final Logger LOG = LoggerFactory.getLogger(GanQuality.class);
  /** Training images the classifier learns from, at most. */
  public static final int MAX_CLASSIFIER_IMAGES = 6000;
  /** Held-out images measured against, at most. */
  public static final int MAX_HELD_OUT_IMAGES = 2000;
  /** Smallest share in the training data of a value that mode coverage checks. */
  public static final double MODE_MIN_SHARE = 0.05;
  /** A value is covered when its generated share reaches this fraction of its training share. */
  public static final double COVERED_FRACTION = 0.5;
  private static final int CLASSIFIER_EPOCHS = 8;

  private GanQuality() {}

  /**
   * Measures the figures.
   *
   * @param train labelled training images (the classifier learns from them)
   * @param heldOut labelled images held out from GAN and classifier training
   * @param samples generated images to judge
   */
  public static GanQualityFigures evaluate(GanModel model, GanFolder.Descriptor descriptor, LabeledImages train,
      LabeledImages heldOut, int samples, long seed) {
    GanConfig config = model.config();
    List<String> attributes = descriptor.attributes();
    List<Integer> valueCounts = descriptor.attributeValues().stream().map(List::size).toList();
    long start = System.nanoTime();
    AttributeClassifier classifier = AttributeClassifier.train(train.images(), train.codes(), valueCounts,
        CLASSIFIER_EPOCHS, seed);
    LOG.info("train: attribute classifier trained on {} images in {} s", train.size(),
        String.format("%.1f", (System.nanoTime() - start) / 1e9));

    int[][] heldPredicted = classifier.predict(heldOut.images());
    NoiseStream random = new NoiseStream(NoiseStream.seedFor(seed, -2, -2));
    INDArray condition = null;
    if (config.conditional()) {
      condition = GanSampler.conditions(config, descriptor.conditionShares(), samples, -1, -1,
          random, new int[samples][config.conditions().size()]);
    }
    INDArray generated = GanSampler.images(model, random.gaussian(samples, config.noiseDim()), condition);
    int[][] generatedPredicted = classifier.predict(generated);

    Map<String, Double> accuracy = new LinkedHashMap<>();
    double accuracySum = 0;
    for (int a = 0; a < attributes.size(); a++) {
      double acc = AttributeClassifier.accuracy(heldPredicted, heldOut.codes(), a);
      accuracy.put(attributes.get(a), round(acc));
      accuracySum += acc;
    }
    GanQualityFigures.ClassifierAccuracy classifierAccuracy = new GanQualityFigures.ClassifierAccuracy(accuracy,
        round(accuracySum / attributes.size()), heldOut.size(), train.size());

    Map<String, Map<String, GanQualityFigures.ValueCoverage>> coverage = new LinkedHashMap<>();
    Map<String, Double> tv = new LinkedHashMap<>();
    Map<String, Double> tvFloor = new LinkedHashMap<>();
    int modes = 0;
    int covered = 0;
    double tvSum = 0;
    for (int a = 0; a < attributes.size(); a++) {
      AttributeFit fit = AttributeFit.of(descriptor.attributeValues().get(a), descriptor.attributeShares().get(a),
          shares(generatedPredicted, a, valueCounts.get(a)), shares(heldPredicted, a, valueCounts.get(a)));
      coverage.put(attributes.get(a), fit.checked());
      modes += fit.checked().size();
      covered += (int) fit.checked().values().stream().filter(GanQualityFigures.ValueCoverage::covered).count();
      tv.put(attributes.get(a), round(fit.tvDistance()));
      tvFloor.put(attributes.get(a), round(fit.tvFloor()));
      tvSum += fit.tvDistance();
    }
    GanQualityFigures.ModeCoverage modeCoverage = new GanQualityFigures.ModeCoverage(covered, modes,
        covered == modes, "values with >= " + MODE_MIN_SHARE + " of the training data; covered when the classified "
        + "generated share >= " + COVERED_FRACTION + " x the training share", coverage);
    tv.put("mean", round(tvSum / attributes.size()));

    double[][] realFeatures = classifier.features(heldOut.images());
    double[][] generatedFeatures = classifier.features(generated);
    double[][] trainFeatures = classifier.features(train.images().get(
        org.nd4j.linalg.indexing.NDArrayIndex.interval(0, Math.min(train.size(), heldOut.size()))));
    GanQualityFigures.Frechet frechet = new GanQualityFigures.Frechet(
        round(FrechetDistance.between(realFeatures, generatedFeatures)),
        round(FrechetDistance.between(realFeatures, trainFeatures)),
        "attribute classifier's " + AttributeClassifier.FEATURES + "-unit hidden layer", samples);

    GanQualityFigures.ConditionAccuracy conditions = config.conditional()
        ? conditionAccuracy(model, descriptor, classifier, samples, random) : null;
    return new GanQualityFigures(classifierAccuracy, modeCoverage, tv, tvFloor, frechet, conditions, samples, null);
  }

  /** For each condition attribute and value, the share of images generated with it whose classified value agrees. */
  static GanQualityFigures.ConditionAccuracy conditionAccuracy(GanModel model, GanFolder.Descriptor descriptor,
      AttributeClassifier classifier, int samples, NoiseStream random) {
    GanConfig config = model.config();
    List<List<Double>> shares = descriptor.conditionShares();
    Map<String, GanQualityFigures.Condition> result = new LinkedHashMap<>();
    double sum = 0;
    double chanceSum = 0;
    for (int c = 0; c < config.conditions().size(); c++) {
      int column = descriptor.attributes().indexOf(config.conditions().get(c));
      List<String> values = config.conditionValues().get(c);
      int per = Math.max(1, samples / values.size());
      Map<String, Double> byValue = new LinkedHashMap<>();
      double attributeSum = 0;
      for (int v = 0; v < values.size(); v++) {
        INDArray condition = GanSampler.conditions(config, shares, per, c, v, random,
            new int[per][config.conditions().size()]);
        int[][] predicted = classifier.predict(GanSampler.images(model, random.gaussian(per, config.noiseDim()),
            condition));
        int matches = 0;
        for (int[] row : predicted) {
          matches += row[column] == v ? 1 : 0;
        }
        double share = matches / (double) per;
        byValue.put(values.get(v), round(share));
        attributeSum += share;
      }
      result.put(config.conditions().get(c), new GanQualityFigures.Condition(round(attributeSum / values.size()),
          round(1.0 / values.size()), byValue));
      sum += attributeSum / values.size();
      chanceSum += 1.0 / values.size();
    }
    return new GanQualityFigures.ConditionAccuracy(result, round(sum / config.conditions().size()),
        round(chanceSum / config.conditions().size()));
  }

  /**
   * How the classified shares of one attribute's values among generated images fit its training shares.
   *
   * @param tvDistance total variation distance between the training and the generated shares
   * @param tvFloor the same between the training shares and held-out real images' classified shares
   * @param checked the values with at least {@value #MODE_MIN_SHARE} of the training data, each with its shares and
   *     whether the generated share reaches {@value #COVERED_FRACTION} of the training share
   */
  record AttributeFit(double tvDistance, double tvFloor, Map<String, GanQualityFigures.ValueCoverage> checked) {
    static AttributeFit of(List<String> values, List<Double> trainingShares, double[] generatedShares,
        double[] heldOutShares) {
      double distance = 0;
      double floor = 0;
      Map<String, GanQualityFigures.ValueCoverage> checked = new LinkedHashMap<>();
      for (int v = 0; v < values.size(); v++) {
        double real = trainingShares.get(v);
        distance += Math.abs(real - generatedShares[v]) / 2;
        floor += Math.abs(real - heldOutShares[v]) / 2;
        if (real >= MODE_MIN_SHARE) {
          checked.put(values.get(v), new GanQualityFigures.ValueCoverage(round(real), round(generatedShares[v]),
              generatedShares[v] >= COVERED_FRACTION * real));
        }
      }
      return new AttributeFit(distance, floor, checked);
    }
  }

  /** Shares of each value of attribute {@code a} among the rows. */
  static double[] shares(int[][] codes, int a, int values) {
    double[] shares = new double[values];
    for (int[] row : codes) {
      if (row[a] < values) {
        shares[row[a]] += 1.0 / codes.length;
      }
    }
    return shares;
  }

  private static double round(double value) {
    return Math.round(value * 10000) / 10000.0;
  }
}
