package dev.dgmspark.translate;

import java.io.Serializable;

/**
 * One way a translation model turns images of one value of its attribute into another: what the {@code translate}
 * job applies.
 *
 * @param name {@value #A2B} or {@value #B2A}, as {@code translate --direction} names it
 * @param from the value of the images it translates
 * @param to the value it gives them
 * @param generator the entry of the model zip that holds its generator
 */
public record TranslationDirection(String name, String from, String to, String generator) implements Serializable {
  /** From the model's source (pix2pix) or domain A (CycleGAN) to its target or domain B. */
  public static final String A2B = "a2b";
  /** The way back (CycleGAN only). */
  public static final String B2A = "b2a";
}
