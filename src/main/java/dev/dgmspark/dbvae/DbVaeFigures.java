package dev.dgmspark.dbvae;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/**
 * DB-VAE's final figures in {@code summary.json}: its loss terms on held-out images, then the comparison of the
 * models of the run on the test images, by group of images (the paper's Table 1). Accuracies are in percent,
 * variances in percentage points squared; models are keyed {@code dbvae} and {@code baseline}.
 *
 * @param finalAccuracy classification accuracy on the held-out images after the last epoch, percent
 * @param finalReconstruction reconstruction loss on the held-out images, nats per image
 * @param finalKl KL divergence on the held-out images, nats per image
 * @param parameters the network's parameters
 * @param testSource where the test images come from: the {@code --test} shards or the held-out minibatches
 * @param testImages test images with a known label and group
 * @param groupColumns the attribute columns whose values make the groups (never seen by training)
 * @param groupImages test images per group
 * @param groupAccuracy per model, per group, accuracy
 * @param accuracyOverall per model, accuracy over all test images
 * @param accuracyMean per model, the unweighted mean of its group accuracies
 * @param accuracyVariance per model, the population variance of its group accuracies
 * @param varianceRatio the baseline's variance ÷ DB-VAE's (null without a baseline or when DB-VAE's is 0)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DbVaeFigures(double finalAccuracy, double finalReconstruction, double finalKl, long parameters,
    String testSource, long testImages, List<String> groupColumns, Map<String, Long> groupImages,
    Map<String, Map<String, Double>> groupAccuracy, Map<String, Double> accuracyOverall,
    Map<String, Double> accuracyMean, Map<String, Double> accuracyVariance, Double varianceRatio) {}
