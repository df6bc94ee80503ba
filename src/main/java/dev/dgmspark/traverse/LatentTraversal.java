package dev.dgmspark.traverse;

import dev.dgmspark.minibatch.ImagePixels;
import dev.dgmspark.report.ImageGrid;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Latent traversal (latent perturbation, MODELS.md): for each chosen latent dimension, z is the base point with that
 * one coordinate set to each of {@code steps} evenly spaced values from −range to +range, and every such z is decoded.
 * A row of pictures shows what the dimension encodes.
 *
 * <p>How much a dimension changes the picture is the sweep's path length in pixel space: the mean absolute difference
 * of the pixels (values in [0, 1], over every channel) between neighbouring steps, summed over the sweep. It is 0 for
 * a dimension the decoder ignores and does not cancel out when a change goes one way and back. The sweeps come out
 * ordered by it, largest first (ties by dimension), which puts the dimensions a VAE leaves unused at the bottom.
 */
public final class LatentTraversal {
  private LatentTraversal() {}

  /**
   * One dimension's sweep.
   *
   * @param dimension the latent coordinate swept (0-based)
   * @param change the sweep's path length in mean absolute pixel difference
   * @param images the decoded pictures, [steps, channels, size, size], values in [0, 1]
   */
  public record Sweep(int dimension, double change, INDArray images) {}

  /**
   * A traversal.
   *
   * @param values the values each swept coordinate takes, ascending
   * @param sweeps one per dimension, by change, largest first
   */
  public record Result(double[] values, List<Sweep> sweeps) {
    /** The dimensions in row order. */
    public List<Integer> order() {
      return sweeps.stream().map(Sweep::dimension).toList();
    }

    /**
     * The grid: one row per sweep in order, one column per step, each picture scaled by {@code scale}
     * ({@link ImageGrid}).
     */
    public BufferedImage grid(int scale) {
      List<List<BufferedImage>> rows = new ArrayList<>();
      for (Sweep sweep : sweeps) {
        List<BufferedImage> row = new ArrayList<>();
        for (int s = 0; s < values.length; s++) {
          row.add(ImagePixels.toImage(sweep.images(), s));
        }
        rows.add(row);
      }
      return ImageGrid.rows(rows, scale);
    }
  }

  /** {@code steps} evenly spaced values from −range to +range (the ends included). */
  public static double[] values(int steps, double range) {
    if (steps < 2) {
      throw new IllegalArgumentException(String.format("Cannot sweep in %d steps, the value must be at least 2.",
          steps));
    }
    if (!(range > 0) || Double.isInfinite(range)) {
      throw new IllegalArgumentException(String.format("Cannot sweep across ±%s, the range must be positive and "
          + "finite.", range));
    }
    double[] values = new double[steps];
    for (int s = 0; s < steps; s++) {
      values[s] = -range + 2 * range * s / (steps - 1);
    }
    return values;
  }

  /**
   * Sweeps each of {@code dimensions} with the other coordinates at {@code base}, decodes, and orders the sweeps.
   *
   * @param decoder the model's decoder
   * @param base the fixed point: an image's latent mean, or zeros (the prior's mean)
   * @param dimensions the coordinates to sweep, each in [0, base.length), no repeats
   * @param steps pictures per sweep, at least 2
   * @param range the sweep goes from −range to +range
   */
  public static Result run(LatentDecoder decoder, float[] base, int[] dimensions, int steps, double range) {
    Objects.requireNonNull(decoder, "decoder");
    double[] values = values(steps, range);
    boolean[] seen = new boolean[base.length];
    List<Sweep> sweeps = new ArrayList<>();
    for (int dimension : dimensions) {
      if (dimension < 0 || dimension >= base.length) {
        throw new IllegalArgumentException(String.format("Cannot sweep dimension %d, the value must be 0 to %d.",
            dimension, base.length - 1));
      }
      if (seen[dimension]) {
        throw new IllegalArgumentException(String.format("Cannot sweep dimension %d twice.", dimension));
      }
      seen[dimension] = true;
      float[] z = new float[steps * base.length];
      for (int s = 0; s < steps; s++) {
        System.arraycopy(base, 0, z, s * base.length, base.length);
        z[s * base.length + dimension] = (float) values[s];
      }
      INDArray images = decoder.decode(Nd4j.create(z, new long[] {steps, base.length}, 'c')
          .castTo(DataType.FLOAT));
      if (images.rank() != 4 || images.size(0) != steps) {
        throw new IllegalStateException("the decoder returned " + java.util.Arrays.toString(images.shape())
            + " for " + steps + " latent vectors; expected [" + steps + ", channels, size, size]");
      }
      sweeps.add(new Sweep(dimension, change(images), images));
    }
    sweeps.sort(Comparator.comparingDouble(Sweep::change).reversed().thenComparingInt(Sweep::dimension));
    return new Result(values, List.copyOf(sweeps));
  }

  /** The path length of a sweep, [steps, ...]: Σ over neighbouring steps of the mean absolute pixel difference. */
  static double change(INDArray images) {
    int steps = (int) images.size(0);
    float[] pixels = images.dup('c').data().asFloat();
    int perImage = pixels.length / steps;
    double total = 0;
    for (int s = 1; s < steps; s++) {
      double sum = 0;
      int a = (s - 1) * perImage;
      int b = s * perImage;
      for (int i = 0; i < perImage; i++) {
        sum += Math.abs((double) pixels[b + i] - pixels[a + i]);
      }
      total += sum / perImage;
    }
    return total;
  }
}
