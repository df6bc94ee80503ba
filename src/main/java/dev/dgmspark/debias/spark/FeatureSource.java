package dev.dgmspark.debias.spark;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Which vectors the debias job judges rarity by. */
public enum FeatureSource {
  /** The VAE's latent means (encoded with {@code --model} or read from {@code --latents}). */
  LATENT("latent"),

  /**
   * The shard images' raw pixels in [0, 1], without any model: the baseline that shows what a VAE adds. Vectors have
   * size x size x channels components.
   */
  PIXELS("pixels"),

  /** The images' coarse appearance ({@link dev.dgmspark.debias.Appearance}), without any model. */
  APPEARANCE("appearance"),

  /**
   * The VAE's latent means and the images' coarse appearance, each its own feature space: a row rare in either is
   * rare (multiscale only). The default.
   */
  LATENT_APPEARANCE("latent+appearance");

  private final String label;

  FeatureSource(String label) {
    this.label = label;
  }

  /** The name as the command line and {@code summary.json} spell it, e.g. {@code latent+appearance}. */
  @JsonValue
  public String label() {
    return label;
  }

  /** Whether the VAE's latents are among the features (a model or latents are needed). */
  public boolean usesLatents() {
    return this == LATENT || this == LATENT_APPEARANCE;
  }

  /** Whether the images' coarse appearance is among the features. */
  public boolean usesAppearance() {
    return this == APPEARANCE || this == LATENT_APPEARANCE;
  }

  /**
   * The source a label names.
   *
   * @throws IllegalArgumentException naming the allowed labels
   */
  public static FeatureSource ofLabel(String value) {
    for (FeatureSource source : values()) {
      if (source.label.equalsIgnoreCase(value)) {
        return source;
      }
    }
    throw new IllegalArgumentException("'" + value + "'; allowed: " + allowedLabels());
  }

  /** The labels, comma-separated. */
  public static String allowedLabels() {
    return Arrays.stream(values()).map(FeatureSource::label).collect(Collectors.joining(", "));
  }
}
