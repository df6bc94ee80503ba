package dev.dgmspark.sample;

import dev.dgmspark.engine.NoiseStream;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A source of generated images opened from a trained model folder: draws batches of images from seeded noise, and
 * says what kind of model it is and what the images look like.
 *
 * <p>Not thread-safe (it holds a network); one per thread.
 */
public interface ImageSampler {
  /** The model kind as {@code model.json} names it ({@code gan}, {@code cgan}, {@code vae}, ...). */
  String kind();

  /** Image side in pixels. */
  int size();

  /** 1 (grey) or 3 (RGB). */
  int channels();

  /** The condition attributes each image is drawn with, in order; empty for an unconditional model. */
  List<String> conditionAttributes();

  /** The condition values the caller fixed, by attribute; the other condition attributes are drawn. */
  Map<String, String> fixedCondition();

  /** How a multi-step sampler draws; null for a generator that draws in one pass. */
  default Steps steps() {
    return null;
  }

  /**
   * A multi-step sampler's settings, as summaries record them.
   *
   * @param sampler ddim or ddpm
   * @param steps denoising steps
   * @param eta DDIM's η
   */
  record Steps(String sampler, int steps, double eta) {}

  /** Draws {@code n} images with noise from {@code noise}. */
  Drawn draw(int n, NoiseStream noise);

  /**
   * A batch of drawn images.
   *
   * @param images [n, channels, size, size] values in [0, 1]
   * @param conditions per image, its condition values in the order of {@link #conditionAttributes()}; null for an
   *     unconditional model
   */
  record Drawn(INDArray images, List<List<String>> conditions) {}

  /** How a family draws a batch: the one thing that differs between samplers. */
  @FunctionalInterface
  interface Drawer {
    Drawn draw(int n, NoiseStream noise);
  }

  /** A sampler that describes its images with the given values and draws with {@code drawer}. */
  static ImageSampler of(String kind, int size, int channels, List<String> conditionAttributes,
      Map<String, String> fixedCondition, Drawer drawer) {
    record Described(String kind, int size, int channels, List<String> conditionAttributes,
        Map<String, String> fixedCondition, Drawer drawer) implements ImageSampler {
      @Override
      public Drawn draw(int n, NoiseStream noise) {
        return drawer.draw(n, noise);
      }
    }
    return new Described(kind, size, channels, List.copyOf(conditionAttributes),
        java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fixedCondition)),
        drawer);
  }
}
