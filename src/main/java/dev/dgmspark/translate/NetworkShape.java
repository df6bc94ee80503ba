package dev.dgmspark.translate;

import java.io.Serializable;

/**
 * The shape and optimiser settings of a translation model's U-Net generators and PatchGAN discriminators
 * ({@link TranslationNetworks}), shared by pix2pix and CycleGAN.
 *
 * @param imageSize side of the square images: a multiple of 4, at least 8
 * @param channels 1 or 3
 * @param filters filters of the first encoder and discriminator layers; deeper layers use 2x and 4x
 * @param learningRate Adam learning rate of every network
 * @param beta1 Adam's first-moment decay (0.5 in both papers)
 * @param seed weight initialisation seed
 */
public record NetworkShape(int imageSize, int channels, int filters, double learningRate, double beta1, long seed)
    implements Serializable {
  private static final int MAX_LEVELS = 4;

  public NetworkShape {
    if (imageSize < 8 || imageSize % 4 != 0) {
      throw new IllegalArgumentException("image size must be a multiple of 4, at least 8: " + imageSize);
    }
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("channels must be 1 or 3: " + channels);
    }
    if (filters < 1 || !(learningRate > 0)) {
      throw new IllegalArgumentException("filters and the learning rate must be positive");
    }
  }

  /** Stride-2 layers of the U-Net's encoder: halve the side while it stays even and above 2, at most 4 times. */
  public int levels() {
    int levels = 0;
    int side = imageSize;
    while (side % 2 == 0 && side > 2 && levels < MAX_LEVELS) {
      side /= 2;
      levels++;
    }
    return levels;
  }

  /** Side of a discriminator's grid of patch verdicts: a quarter of the image's. */
  public int patches() {
    return imageSize / 4;
  }

  /** Values in one image. */
  public int pixelsPerImage() {
    return imageSize * imageSize * channels;
  }

  /** The same shape with weights initialised from {@code value}. */
  public NetworkShape withSeed(long value) {
    return new NetworkShape(imageSize, channels, filters, learningRate, beta1, value);
  }
}
