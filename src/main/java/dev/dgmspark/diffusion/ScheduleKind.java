package dev.dgmspark.diffusion;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a diffusion model's noise variances β_t grow over the timesteps. */
public enum ScheduleKind {
  /** β_t linear from 1e-4 to 0.02 over T = 1000 steps (Ho et al. 2020), both ends scaled by 1000 / T for other T. */
  LINEAR,
  /**
   * ᾱ_t = f(t) / f(0) with f(t) = cos²(((t / T) + s) / (1 + s) · π/2), s = 0.008, β_t capped at 0.999 (Nichol and
   * Dhariwal 2021): destroys the image more slowly than the linear schedule in the first steps, which small images
   * need (the linear schedule leaves little but noise in the last quarter of the steps at 32x32).
   */
  COSINE;

  /** The name as the command line and the JSON spell it. */
  @JsonValue
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The schedule named {@code label}. */
  @JsonCreator
  public static ScheduleKind of(String label) {
    for (ScheduleKind kind : values()) {
      if (kind.label().equals(label)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("unknown noise schedule '" + label + "'; allowed: " + allowed());
  }

  /** The allowed names, comma separated. */
  public static String allowed() {
    return Arrays.stream(values()).map(ScheduleKind::label).collect(Collectors.joining(", "));
  }
}
