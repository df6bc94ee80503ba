package dev.dgmspark.sample;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.dgmspark.common.UsageException;

/**
 * How a multi-step sampler is asked to draw (diffusion models): its number of denoising steps and DDIM's η; null
 * values take the model's defaults. One-pass generators (GANs, autoencoders) take no such options.
 *
 * @param steps denoising steps (null: the family's default)
 * @param eta DDIM's η, 0 (deterministic) to 1 (null: the family's default)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SamplingOptions(Integer steps, Double eta) implements java.io.Serializable {
  /** No request: every family's defaults. */
  public static final SamplingOptions DEFAULTS = new SamplingOptions(null, null);

  /** True when nothing is asked. */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean isDefault() {
    return steps == null && eta == null;
  }

  /** Refuses a request for a model of {@code kind}, which draws in one pass. */
  void refuseFor(String kind) {
    if (!isDefault()) {
      throw new UsageException((steps != null ? "--steps" : "--eta") + " is for diffusion models; the model is a "
          + kind + ", which draws an image in one pass");
    }
  }
}
