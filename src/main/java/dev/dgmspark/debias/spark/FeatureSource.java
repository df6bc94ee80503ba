package dev.dgmspark.debias.spark;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Which vectors the debias job judges rarity by. */
public enum FeatureSource {
  /** The VAE's latent means (encoded with {@code --model} or read from {@code --latents}): the product's case. */
  LATENT,

  /**
   * The shard images' raw pixels in [0, 1], without any model: the baseline that shows what a VAE adds. Vectors have
   * size x size x channels components.
   */
  PIXELS;

  /** The name as the command line and {@code summary.json} spell it: {@code latent}, {@code pixels}. */
  @JsonValue
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
