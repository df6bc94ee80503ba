package dev.dgmspark.gan;

import dev.dgmspark.engine.NoiseStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One draw of differentiable augmentation for a minibatch of discriminator images (DiffAugment, Zhao et al. 2020):
 * per image a random colour change (brightness, saturation, contrast), translation and cutout, applied alike to real
 * and generated images, with its adjoint so that the generator's gradient passes back through it.
 *
 * <p>Why: on a few thousand images the discriminator learns the training images by heart; it then wins ever more
 * clearly and the samples get worse the longer a GAN trains. Augmenting only the real images would teach the
 * generator the augmentations; augmenting both sides, differentiably, keeps the discriminator from memorising while
 * the generator still learns the data. Every transformation is affine in the pixels (a colour change is a linear mix
 * plus an offset, a translation or cutout a selection of pixels), so its adjoint is exact.
 *
 * <p>Images are [n, channels, height, width] in [−1, 1]; translation and cutout fill with 0 (mid grey), as in the
 * paper. Translation moves by up to 1/8 of the side, cutout blanks a square of half the side.
 */
public final class DiffAugment {
  private final Policy policy;
  private final int n;
  private final int channels;
  private final int height;
  private final int width;
  private final double[] brightness;
  private final double[] saturation;
  private final double[] contrast;
  private final int[] shiftX;
  private final int[] shiftY;
  private final int[] cutX;
  private final int[] cutY;
  private final int cutSide;

  /**
   * Which transformations an augmentation applies; {@link #NONE} applies none. The colour change is three
   * transformations, {@code brightness}, {@code saturation} and {@code contrast}; {@code color} names all three.
   */
  public record Policy(boolean brightness, boolean saturation, boolean contrast, boolean translation, boolean cutout)
      implements Serializable {
    public static final Policy NONE = new Policy(false, false, false);
    /** The transformations' names, in the order they are applied, and {@code color} for the first three. */
    public static final List<String> NAMES = List.of("brightness", "saturation", "contrast", "translation", "cutout");
    private static final String COLOR = "color";

    /** A policy whose colour change is all three colour transformations or none. */
    public Policy(boolean color, boolean translation, boolean cutout) {
      this(color, color, color, translation, cutout);
    }

    /**
     * Parses {@code none} or a comma-separated list of {@code color}, {@code brightness}, {@code saturation},
     * {@code contrast}, {@code translation}, {@code cutout}.
     *
     * @throws IllegalArgumentException naming the allowed values
     */
    public static Policy parse(String text) {
      String trimmed = text.trim().toLowerCase(Locale.ROOT);
      if (trimmed.equals("none")) {
        return NONE;
      }
      List<String> parts = Arrays.stream(trimmed.split(",")).map(String::trim).toList();
      for (String part : parts) {
        if (!NAMES.contains(part) && !part.equals(COLOR)) {
          throw new IllegalArgumentException("'" + text + "': allowed: none, or a comma-separated list of "
              + COLOR + ", " + String.join(", ", NAMES) + " (color is the first three)");
        }
      }
      boolean color = parts.contains(COLOR);
      return new Policy(color || parts.contains("brightness"), color || parts.contains("saturation"),
          color || parts.contains("contrast"), parts.contains("translation"), parts.contains("cutout"));
    }

    /** True when the policy changes colours at all. */
    public boolean color() {
      return brightness || saturation || contrast;
    }

    /** True when the policy applies at least one transformation. */
    public boolean any() {
      return color() || translation || cutout;
    }

    /**
     * {@code none} or the transformations' names joined by commas, {@code color} for all three colour ones;
     * {@link #parse} reads it back.
     */
    public String label() {
      List<String> names = new ArrayList<>();
      if (brightness && saturation && contrast) {
        names.add(COLOR);
      } else {
        if (brightness) {
          names.add("brightness");
        }
        if (saturation) {
          names.add("saturation");
        }
        if (contrast) {
          names.add("contrast");
        }
      }
      if (translation) {
        names.add("translation");
      }
      if (cutout) {
        names.add("cutout");
      }
      return names.isEmpty() ? "none" : String.join(",", names);
    }
  }

  private DiffAugment(Policy policy, long[] shape) {
    this.policy = policy;
    this.n = Math.toIntExact(shape[0]);
    this.channels = Math.toIntExact(shape[1]);
    this.height = Math.toIntExact(shape[2]);
    this.width = Math.toIntExact(shape[3]);
    this.brightness = new double[n];
    this.saturation = new double[n];
    this.contrast = new double[n];
    this.shiftX = new int[n];
    this.shiftY = new int[n];
    this.cutX = new int[n];
    this.cutY = new int[n];
    this.cutSide = Math.max(1, Math.min(height, width) / 2);
  }

  /**
   * Draws one augmentation for images of {@code shape} [n, channels, height, width]: per image brightness + U(−0.5,
   * 0.5), saturation × U(0, 2), contrast × U(0.5, 1.5), a shift of up to 1/8 of the side on each axis and a cutout
   * square anywhere its centre falls in the image (the parameters of transformations outside the policy are drawn
   * too, so a policy change does not shift the noise of the rest).
   */
  public static DiffAugment draw(Policy policy, long[] shape, NoiseStream noise) {
    DiffAugment a = new DiffAugment(policy, shape);
    int maxShiftX = Math.max(1, a.width / 8);
    int maxShiftY = Math.max(1, a.height / 8);
    for (int i = 0; i < a.n; i++) {
      a.brightness[i] = (noise.uniform() - 0.5);
      a.saturation[i] = (noise.uniform() * 2);
      a.contrast[i] = (noise.uniform() + 0.5);
      a.shiftX[i] = noise.nextInt(2 * maxShiftX + 1) - maxShiftX;
      a.shiftY[i] = noise.nextInt(2 * maxShiftY + 1) - maxShiftY;
      a.cutX[i] = noise.nextInt(a.width) - a.cutSide / 2;
      a.cutY[i] = noise.nextInt(a.height) - a.cutSide / 2;
    }
    return a;
  }

  /** The augmented images, a new array of the input's shape and data type. */
  public INDArray apply(INDArray images) {
    double[] v = values(images);
    int size = channels * height * width;
    for (int i = 0; i < n; i++) {
      int offset = i * size;
      if (policy.brightness()) {
        addToAll(v, offset, size, brightness[i]);
      }
      if (policy.saturation()) {
        mixChannels(v, offset, saturation[i]);
      }
      if (policy.contrast()) {
        mixAll(v, offset, size, contrast[i]);
      }
      if (policy.translation()) {
        shift(v, offset, shiftX[i], shiftY[i]);
      }
      if (policy.cutout()) {
        cut(v, offset, i);
      }
    }
    return Nd4j.create(v, images.shape(), images.dataType());
  }

  /**
   * The adjoint of {@link #apply}'s linear part applied to {@code gradient}: turns a gradient with respect to the
   * augmented images into one with respect to the images (the brightness offset has no part in it).
   */
  public INDArray adjoint(INDArray gradient) {
    double[] v = values(gradient);
    int size = channels * height * width;
    for (int i = 0; i < n; i++) {
      int offset = i * size;
      // Reverse order of apply; every colour mix is symmetric, so it is its own adjoint.
      if (policy.cutout()) {
        cut(v, offset, i);
      }
      if (policy.translation()) {
        shift(v, offset, -shiftX[i], -shiftY[i]);
      }
      if (policy.contrast()) {
        mixAll(v, offset, size, contrast[i]);
      }
      if (policy.saturation()) {
        mixChannels(v, offset, saturation[i]);
      }
    }
    return Nd4j.create(v, gradient.shape(), gradient.dataType());
  }

  private double[] values(INDArray images) {
    long[] shape = images.shape();
    if (shape.length != 4 || shape[0] != n || shape[1] != channels || shape[2] != height || shape[3] != width) {
      throw new IllegalArgumentException("augmentation drawn for [" + n + ", " + channels + ", " + height + ", "
          + width + "], given " + Arrays.toString(shape));
    }
    return images.dup('c').data().asDouble();
  }

  private static void addToAll(double[] v, int offset, int size, double value) {
    for (int k = offset; k < offset + size; k++) {
      v[k] += value;
    }
  }

  /** x ← mean + factor·(x − mean), the mean over the whole image (contrast). */
  private static void mixAll(double[] v, int offset, int size, double factor) {
    double sum = 0;
    for (int k = offset; k < offset + size; k++) {
      sum += v[k];
    }
    double mean = sum / size;
    for (int k = offset; k < offset + size; k++) {
      v[k] = mean + factor * (v[k] - mean);
    }
  }

  /** x ← mean + factor·(x − mean), the mean over each pixel's channels (saturation). */
  private void mixChannels(double[] v, int offset, double factor) {
    int plane = height * width;
    for (int p = 0; p < plane; p++) {
      double mean = 0;
      for (int c = 0; c < channels; c++) {
        mean += v[offset + c * plane + p];
      }
      mean /= channels;
      for (int c = 0; c < channels; c++) {
        int k = offset + c * plane + p;
        v[k] = mean + factor * (v[k] - mean);
      }
    }
  }

  /** out[y][x] = in[y − dy][x − dx], 0 where that falls outside the image. */
  private void shift(double[] v, int offset, int dx, int dy) {
    int plane = height * width;
    double[] moved = new double[plane];
    for (int c = 0; c < channels; c++) {
      int base = offset + c * plane;
      Arrays.fill(moved, 0);
      for (int y = Math.max(0, dy); y < Math.min(height, height + dy); y++) {
        for (int x = Math.max(0, dx); x < Math.min(width, width + dx); x++) {
          moved[y * width + x] = v[base + (y - dy) * width + (x - dx)];
        }
      }
      System.arraycopy(moved, 0, v, base, plane);
    }
  }

  private void cut(double[] v, int offset, int image) {
    int plane = height * width;
    for (int c = 0; c < channels; c++) {
      for (int y = Math.max(0, cutY[image]); y < Math.min(height, cutY[image] + cutSide); y++) {
        int row = offset + c * plane + y * width;
        Arrays.fill(v, row + Math.max(0, cutX[image]), row + Math.min(width, cutX[image] + cutSide), 0);
      }
    }
  }
}
