package dev.dgmspark.debias;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How a row's weight combines the per-dimension histogram terms. */
public enum Combine {
  /**
   * The paper's weight W(x) ∝ ∏_i 1/(Q_i(x_i) + alpha), computed as a sum of logs. A row rare in several dimensions at
   * once gets a very large weight; with many dimensions the weights span many orders of magnitude.
   */
  PRODUCT,

  /**
   * The MIT 6.S191 lab 2 weight: the maximum over dimensions of each dimension's normalised 1/(smoothed density). A row
   * is as heavy as its rarest dimension makes it, so weights stay within a few orders of magnitude.
   */
  MAX;

  /** The name as the command line and {@code summary.json} spell it: {@code product}, {@code max}. */
  @JsonValue
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
