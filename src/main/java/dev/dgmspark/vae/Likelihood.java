package dev.dgmspark.vae;

import java.util.Arrays;
import java.util.Locale;

/** The decoder's likelihood p(x|z): what an autoencoder's reconstruction loss is the negative log of. */
public enum Likelihood {
  /**
   * Independent Bernoulli pixels: binary cross-entropy summed over pixels. The classic choice for [0, 1] images, and
   * what models trained before the option existed use.
   */
  BERNOULLI,
  /**
   * Independent Gaussian pixels around the decoder's output with one variance, set to its maximum-likelihood value
   * (the mean squared error) on each minibatch: the "calibrated decoder" of Rybkin, Daniilidis and Levine (σ-VAE,
   * ICML 2021). The reconstruction term then weighs as much as the data's noise level says, rather than the fixed
   * weight the Bernoulli likelihood gives it; measured on synthetic faces, reconstructions kept the attributes far
   * better after the same number of steps (README "Training: convergence").
   */
  GAUSSIAN;

  /** The command-line and JSON name. */
  @com.fasterxml.jackson.annotation.JsonValue
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The likelihood named {@code label}. */
  public static Likelihood of(String label) {
    for (Likelihood l : values()) {
      if (l.label().equals(label)) {
        return l;
      }
    }
    throw new IllegalArgumentException("'" + label + "' is not one of: " + allowed());
  }

  /** The names, for messages. */
  public static String allowed() {
    return String.join(", ", Arrays.stream(values()).map(Likelihood::label).toList());
  }

  @Override
  public String toString() {
    return label();
  }
}
