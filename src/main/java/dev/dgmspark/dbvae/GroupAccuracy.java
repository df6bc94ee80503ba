package dev.dgmspark.dbvae;

import java.util.Map;
import java.util.TreeMap;

/**
 * A classifier's accuracy per group of test images, and how evenly it is spread, as Table 1 of the DB-VAE paper
 * reports it: per group the share of images classified correctly, in percent; their unweighted mean over the
 * groups; and their population variance over the groups, in percentage points squared (the paper's 28.84 is a
 * variance of accuracies in percent).
 *
 * @param accuracy per group, its accuracy in percent (groups in name order)
 * @param images per group, its test images
 * @param overall accuracy over all the images, in percent (weighted by the groups' sizes)
 * @param mean the mean of the groups' accuracies, in percent
 * @param variance the population variance of the groups' accuracies, in percentage points squared
 */
public record GroupAccuracy(Map<String, Double> accuracy, Map<String, Long> images, double overall, double mean,
    double variance) {

  /**
   * Measures predictions against the truth. Images whose group is null (a missing group value) or whose truth is
   * unknown ({@code known[i]} false) are left out.
   *
   * @throws IllegalArgumentException if the arrays differ in length or no image is left
   */
  public static GroupAccuracy of(boolean[] predicted, boolean[] actual, boolean[] known, String[] group) {
    if (predicted.length != actual.length || actual.length != known.length || known.length != group.length) {
      throw new IllegalArgumentException("predictions, truths and groups differ in length");
    }
    Map<String, long[]> tally = new TreeMap<>();
    long correct = 0;
    long total = 0;
    for (int i = 0; i < predicted.length; i++) {
      if (!known[i] || group[i] == null) {
        continue;
      }
      long[] t = tally.computeIfAbsent(group[i], g -> new long[2]);
      boolean right = predicted[i] == actual[i];
      t[0] += right ? 1 : 0;
      t[1]++;
      correct += right ? 1 : 0;
      total++;
    }
    if (total == 0) {
      throw new IllegalArgumentException("no test image has both a known label and a group");
    }
    Map<String, Double> accuracy = new TreeMap<>();
    Map<String, Long> images = new TreeMap<>();
    double sum = 0;
    for (Map.Entry<String, long[]> e : tally.entrySet()) {
      double a = 100.0 * e.getValue()[0] / e.getValue()[1];
      accuracy.put(e.getKey(), a);
      images.put(e.getKey(), e.getValue()[1]);
      sum += a;
    }
    double mean = sum / accuracy.size();
    double squares = 0;
    for (double a : accuracy.values()) {
      squares += (a - mean) * (a - mean);
    }
    return new GroupAccuracy(accuracy, images, 100.0 * correct / total, mean, squares / accuracy.size());
  }
}
