package dev.dgmspark.gan;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How a conditional GAN's discriminator uses the condition. The generator always receives it next to the noise.
 */
public enum ConditionMode {
  /**
   * The condition enters the discriminator as one constant plane per one-hot entry next to the image, and D judges
   * (image, condition) pairs (Mirza and Osindero 2014). The generator learns the condition only through D's
   * real/fake verdict on the pair, a weak signal for small features.
   */
  INPUT("input"),
  /**
   * The discriminator sees the image only and has an auxiliary classifier head: one sigmoid unit per condition
   * value next to the real/fake unit (AC-GAN, Odena et al. 2017). The head is trained on real images only, so it
   * is an attribute classifier of the real data; the generator is rewarded when the head recognises the condition
   * it asked for.
   */
  CLASSIFIER("classifier");

  private final String label;

  ConditionMode(String label) {
    this.label = label;
  }

  /** The name used on the command line and in {@code model.json}. */
  public String label() {
    return label;
  }

  /** The mode named {@code label}. */
  public static ConditionMode of(String label) {
    for (ConditionMode mode : values()) {
      if (mode.label.equals(label)) {
        return mode;
      }
    }
    throw new IllegalArgumentException("unknown condition mode '" + label + "'; allowed: " + allowed());
  }

  /** The allowed names, for messages. */
  public static String allowed() {
    return Arrays.stream(values()).map(ConditionMode::label).collect(Collectors.joining(", "));
  }
}
