package dev.dgmspark.diffusion;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The forward (noising) process of a diffusion model: variances β_t for t = 0 … T−1 (index 0 is the first, least
 * noisy step), α_t = 1 − β_t and the cumulative products ᾱ_t = ∏_{s≤t} α_s, so that
 * q(x_t | x_0) = N(√ᾱ_t · x_0, (1 − ᾱ_t) · I).
 */
public final class NoiseSchedule {
  /**
   * The linear schedule's first and last β (Ho et al. 2020, for T = 1000); for other T both scale by 1000 / T, as in
   * improved DDPM (Nichol and Dhariwal 2021), so that the last step leaves noise whatever T is.
   */
  static final double LINEAR_START = 1e-4;
  static final double LINEAR_END = 0.02;
  /** The cosine schedule's offset s, and its cap on β. */
  static final double COSINE_OFFSET = 0.008;
  static final double MAX_BETA = 0.999;

  private final ScheduleKind kind;
  private final double[] betas;
  private final double[] alphaBars;

  private NoiseSchedule(ScheduleKind kind, double[] betas) {
    this.kind = kind;
    this.betas = betas;
    this.alphaBars = new double[betas.length];
    double product = 1;
    for (int t = 0; t < betas.length; t++) {
      product *= 1 - betas[t];
      alphaBars[t] = product;
    }
  }

  /** The schedule of {@code kind} over {@code timesteps} steps. */
  public static NoiseSchedule of(ScheduleKind kind, int timesteps) {
    if (timesteps < 2) {
      throw new IllegalArgumentException("a noise schedule needs at least 2 timesteps, not " + timesteps);
    }
    double[] betas = new double[timesteps];
    if (kind == ScheduleKind.LINEAR) {
      double scale = 1000.0 / timesteps;
      for (int t = 0; t < timesteps; t++) {
        betas[t] = Math.min(MAX_BETA, scale * (LINEAR_START + (LINEAR_END - LINEAR_START) * t / (timesteps - 1)));
      }
    } else {
      for (int t = 0; t < timesteps; t++) {
        betas[t] = Math.min(MAX_BETA, 1 - cosine(t + 1, timesteps) / cosine(t, timesteps));
      }
    }
    return new NoiseSchedule(kind, betas);
  }

  private static double cosine(double t, int timesteps) {
    double c = Math.cos((t / timesteps + COSINE_OFFSET) / (1 + COSINE_OFFSET) * Math.PI / 2);
    return c * c;
  }

  public ScheduleKind kind() {
    return kind;
  }

  /** T. */
  public int timesteps() {
    return betas.length;
  }

  /** β_t. */
  public double beta(int t) {
    return betas[t];
  }

  /** ᾱ_t; ᾱ_{−1} = 1 (no noise), so that a sampler's last step can name "before the first step" as −1. */
  public double alphaBar(int t) {
    return t < 0 ? 1.0 : alphaBars[t];
  }

  /**
   * x_t = √ᾱ_t · x_0 + √(1 − ᾱ_t) · ε for each image at its own timestep.
   *
   * @param x0 clean images [n, ...] (any trailing shape)
   * @param noise ε, the shape of {@code x0}
   * @param t each image's timestep
   */
  public INDArray noisy(INDArray x0, INDArray noise, int[] t) {
    int n = (int) x0.size(0);
    if (t.length != n || !java.util.Arrays.equals(x0.shape(), noise.shape())) {
      throw new IllegalArgumentException("noisy: " + n + " images, " + t.length + " timesteps, noise shape "
          + java.util.Arrays.toString(noise.shape()));
    }
    double[] signal = new double[n];
    double[] spread = new double[n];
    for (int i = 0; i < n; i++) {
      signal[i] = Math.sqrt(alphaBar(t[i]));
      spread[i] = Math.sqrt(1 - alphaBar(t[i]));
    }
    INDArray x = x0.reshape('c', n, x0.length() / n).dup('c');
    INDArray e = noise.reshape('c', n, noise.length() / n);
    x.muliColumnVector(column(signal, x0)).addi(e.mulColumnVector(column(spread, x0)));
    return x.reshape('c', x0.shape());
  }

  private static INDArray column(double[] values, INDArray like) {
    return Nd4j.create(values, new long[] {values.length, 1}, 'c').castTo(like.dataType());
  }
}
