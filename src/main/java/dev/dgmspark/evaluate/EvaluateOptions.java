package dev.dgmspark.evaluate;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.dgmspark.sample.SamplingOptions;

/**
 * What {@code evaluate} is asked to do; recorded as is (snake_case) in the provenance of {@code evaluation.json}.
 *
 * <p>Start from {@link #ofModel} or {@link #ofSamples} and change values with the {@code withX} methods.
 *
 * @param model a model folder from {@code train} (null when {@code samples} is given)
 * @param samples a shard folder of generated images (null when {@code model} is given)
 * @param data the shard folder of real images
 * @param out output folder
 * @param featureModel a feature model folder from an earlier run (null: train one into {@code out/feature-model})
 * @param count generated images to measure; 0 = as many as the floor half of the held-out real images
 * @param seed seed of the noise, the two-sample test and (when one is trained) the feature network and the split
 * @param k the neighbour whose distance is a manifold ball's radius (precision and recall)
 * @param heldOutShare when a feature network is trained: the share of the rows it never sees
 * @param featureEpochs when a feature network is trained: its epochs
 * @param featureImages when a feature network is trained: at most this many training rows
 * @param overwrite replace a finished run in {@code out}
 * @param sampling a diffusion model's sampler steps and η (defaults: DDIM, 50 steps, η = 0)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record EvaluateOptions(String model, String samples, String data, String out, String featureModel, int count,
    long seed, int k, double heldOutShare, int featureEpochs, int featureImages, boolean overwrite,
    SamplingOptions sampling) {
  public static final long DEFAULT_SEED = 42;
  public static final int DEFAULT_FEATURE_EPOCHS = 8;
  public static final int DEFAULT_FEATURE_IMAGES = 6000;

  /** Measures the model in {@code model} against the real images in {@code data}, at the defaults. */
  public static EvaluateOptions ofModel(String model, String data, String out) {
    return new EvaluateOptions(model, null, data, out, null, 0, DEFAULT_SEED, ManifoldPrecisionRecall.DEFAULT_K,
        HeldOutSplit.DEFAULT_HELD_OUT_SHARE, DEFAULT_FEATURE_EPOCHS, DEFAULT_FEATURE_IMAGES, false, SamplingOptions.DEFAULTS);
  }

  /** Measures the generated images in the shard folder {@code samples}, at the defaults. */
  public static EvaluateOptions ofSamples(String samples, String data, String out) {
    return ofModel(null, data, out).withSamples(samples);
  }

  private EvaluateOptions withSamples(String value) {
    return new EvaluateOptions(model, value, data, out, featureModel, count, seed, k, heldOutShare, featureEpochs,
        featureImages, overwrite, sampling);
  }

  public EvaluateOptions withFeatureModel(String value) {
    return new EvaluateOptions(model, samples, data, out, value, count, seed, k, heldOutShare, featureEpochs,
        featureImages, overwrite, sampling);
  }

  public EvaluateOptions withCount(int value) {
    return new EvaluateOptions(model, samples, data, out, featureModel, value, seed, k, heldOutShare, featureEpochs,
        featureImages, overwrite, sampling);
  }

  public EvaluateOptions withSeed(long value) {
    return new EvaluateOptions(model, samples, data, out, featureModel, count, value, k, heldOutShare, featureEpochs,
        featureImages, overwrite, sampling);
  }

  public EvaluateOptions withK(int value) {
    return new EvaluateOptions(model, samples, data, out, featureModel, count, seed, value, heldOutShare,
        featureEpochs, featureImages, overwrite, sampling);
  }

  public EvaluateOptions withHeldOutShare(double value) {
    return new EvaluateOptions(model, samples, data, out, featureModel, count, seed, k, value, featureEpochs,
        featureImages, overwrite, sampling);
  }

  public EvaluateOptions withFeatureEpochs(int value) {
    return new EvaluateOptions(model, samples, data, out, featureModel, count, seed, k, heldOutShare, value,
        featureImages, overwrite, sampling);
  }

  public EvaluateOptions withFeatureImages(int value) {
    return new EvaluateOptions(model, samples, data, out, featureModel, count, seed, k, heldOutShare, featureEpochs,
        value, overwrite, sampling);
  }

  public EvaluateOptions withSampling(SamplingOptions value) {
    return new EvaluateOptions(model, samples, data, out, featureModel, count, seed, k, heldOutShare, featureEpochs,
        featureImages, overwrite, value);
  }

  public EvaluateOptions withOverwrite(boolean value) {
    return new EvaluateOptions(model, samples, data, out, featureModel, count, seed, k, heldOutShare, featureEpochs,
        featureImages, value, sampling);
  }
}
