package dev.dgmspark.diffusion;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The sinusoidal embedding of a timestep (Vaswani et al. 2017, as DDPM uses it): for i < d/2,
 * e[i] = sin(t · ω_i) and e[d/2 + i] = cos(t · ω_i), ω_i = 10000^(−i / (d/2 − 1)): frequencies from 1 down to
 * 1/10000, so that nearby timesteps get nearby vectors and every scale of t is told apart. The network projects it
 * into every block; computing it here keeps the network a plain DL4J graph with a second input.
 */
public final class TimeEmbedding {
  private static final double MAX_PERIOD = 10_000;

  private TimeEmbedding() {}

  /** The embeddings of {@code t}, [t.length, dim] floats; {@code dim} even, at least 4. */
  public static INDArray of(int[] t, int dim) {
    if (dim < 4 || dim % 2 != 0) {
      throw new IllegalArgumentException("the time embedding's size must be even and at least 4, not " + dim);
    }
    int half = dim / 2;
    float[] values = new float[t.length * dim];
    for (int row = 0; row < t.length; row++) {
      for (int i = 0; i < half; i++) {
        double angle = t[row] * Math.pow(MAX_PERIOD, -(double) i / (half - 1));
        values[row * dim + i] = (float) Math.sin(angle);
        values[row * dim + half + i] = (float) Math.cos(angle);
      }
    }
    return Nd4j.create(values, new long[] {t.length, dim}, 'c');
  }

  /** {@code n} copies of the embedding of one timestep. */
  public static INDArray repeated(int t, int n, int dim) {
    int[] steps = new int[n];
    java.util.Arrays.fill(steps, t);
    return of(steps, dim);
  }
}
