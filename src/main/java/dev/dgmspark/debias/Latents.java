package dev.dgmspark.debias;

import java.util.Objects;

/** Checks on latent mean vectors shared by the aggregates and the weights. */
public final class Latents {
  private Latents() {}

  /** Whether every component of {@code mu} is a finite number (no NaN, no infinity). */
  public static boolean isFinite(double[] mu) {
    for (double v : Objects.requireNonNull(mu, "mu")) {
      if (!Double.isFinite(v)) {
        return false;
      }
    }
    return true;
  }

  /** Whether every component of {@code mu} is a finite number (no NaN, no infinity). */
  public static boolean isFinite(float[] mu) {
    for (float v : Objects.requireNonNull(mu, "mu")) {
      if (!Float.isFinite(v)) {
        return false;
      }
    }
    return true;
  }

  static double[] toDouble(float[] mu) {
    Objects.requireNonNull(mu, "mu");
    double[] out = new double[mu.length];
    for (int i = 0; i < mu.length; i++) {
      out[i] = mu[i];
    }
    return out;
  }

  static void checkDims(double[] mu, int dims) {
    Objects.requireNonNull(mu, "mu");
    if (mu.length != dims) {
      throw new IllegalArgumentException(
          String.format("Latent vector has %d dimensions, expected %d.", mu.length, dims));
    }
  }

  static void checkPositiveDims(int dims) {
    if (dims <= 0) {
      throw new IllegalArgumentException(String.format("Cannot use %d latent dimensions, the value must be positive.",
          dims));
    }
  }
}
