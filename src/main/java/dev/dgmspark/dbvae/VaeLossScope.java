package dev.dgmspark.dbvae;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Which training images DB-VAE's VAE loss (reconstruction and KL) applies to. */
public enum VaeLossScope {
  /**
   * Only the images of the positive class, as in the paper: the latent space then describes the variation within
   * the class whose under-represented kinds the resampling should find (faces, not the negatives).
   */
  POSITIVES,
  /**
   * Every image: the latent space then also describes the negatives, so that a kind of image rare in both classes
   * (dark skin, when the task is glasses) is found in both. The default: on synthetic faces (dark skin 2.6%, task
   * glasses) it drew the rare kind at 16-19% of each epoch against 7-15% with {@link #POSITIVES}.
   */
  ALL;

  /** The name as the command line and the JSON spell it. */
  @JsonValue
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The scope named {@code label}. */
  public static VaeLossScope of(String label) {
    for (VaeLossScope scope : values()) {
      if (scope.label().equals(label)) {
        return scope;
      }
    }
    throw new IllegalArgumentException("unknown VAE loss scope '" + label + "'; allowed: " + allowed());
  }

  /** The allowed names, comma separated. */
  public static String allowed() {
    return Arrays.stream(values()).map(VaeLossScope::label).collect(Collectors.joining(", "));
  }
}
