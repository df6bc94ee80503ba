package dev.dgmspark.generate;

import dev.dgmspark.common.UsageException;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An attribute vector in an autoencoder's latent space and how far to move along it: the mean latent of the images
 * whose attribute has a value minus the mean latent of the images whose attribute has another value (White, "Sampling
 * generative networks", 2016; MODELS.md, latent arithmetic). Adding it, times a scale, to an image's latent mean and
 * decoding gives the image with the value.
 *
 * @param attribute the attribute column
 * @param value the value the vector points to
 * @param scale how many attribute vectors to add
 * @param vector mean latent with the value minus mean latent without
 * @param withValue images with the value the vector was measured on
 * @param withoutValue images with another (known) value
 */
public record LatentShift(String attribute, String value, double scale, double[] vector, long withValue,
    long withoutValue) {

  public LatentShift {
    vector = vector.clone();
    if (withValue < 1 || withoutValue < 1) {
      throw new UsageException(String.format("--shift %s=%s: the data needs images with and without the value "
          + "(%d with, %d without)", attribute, value, withValue, withoutValue));
    }
    if (!Double.isFinite(scale)) {
      throw new IllegalArgumentException("scale must be finite: " + scale);
    }
  }

  /** The shift between the two groups' mean latents (each of the latent's length). */
  public static LatentShift between(ShiftRequest request, double[] meanWith, double[] meanWithout, long withValue,
      long withoutValue) {
    if (meanWith.length != meanWithout.length) {
      throw new IllegalArgumentException("mean latents of different lengths: " + meanWith.length + " and "
          + meanWithout.length);
    }
    double[] vector = new double[meanWith.length];
    for (int j = 0; j < vector.length; j++) {
      vector[j] = meanWith[j] - meanWithout[j];
    }
    return new LatentShift(request.attribute(), request.value(), request.scale(), vector, withValue, withoutValue);
  }

  /** Euclidean length of the attribute vector. */
  public double norm() {
    double sum = 0;
    for (double v : vector) {
      sum += v * v;
    }
    return Math.sqrt(sum);
  }

  /** The latents moved along the vector: {@code mu + scale · vector} for every row of {@code mu} ([n, latent]). */
  public INDArray apply(INDArray mu) {
    if (mu.size(1) != vector.length) {
      throw new IllegalArgumentException("latents of size " + mu.size(1) + " for a vector of size " + vector.length);
    }
    INDArray step = Nd4j.createFromArray(vector).castTo(mu.dataType()).reshape(1, vector.length).muli(scale);
    return mu.addRowVector(step);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof LatentShift s && attribute.equals(s.attribute) && value.equals(s.value)
        && Double.compare(scale, s.scale) == 0 && Arrays.equals(vector, s.vector) && withValue == s.withValue
        && withoutValue == s.withoutValue;
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(vector) + attribute.hashCode() + value.hashCode();
  }
}
