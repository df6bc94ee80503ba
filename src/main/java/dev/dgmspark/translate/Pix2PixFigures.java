package dev.dgmspark.translate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A pix2pix model's final figures in {@code summary.json}: the last epoch's step figures, the networks' sizes, and
 * the held-out figures ({@link TranslationQuality}) written inline after them, or why they were skipped.
 *
 * @param finalDLoss the last epoch's mean discriminator loss
 * @param finalGAdv the last epoch's mean adversarial term of the generator
 * @param finalL1 the last epoch's mean |y − G(x)| on training pairs, pixels in [0, 1]
 * @param generatorParameters parameters of the generator
 * @param discriminatorParameters parameters of the discriminator
 * @param measured the held-out figures (null when skipped)
 * @param skipped why there are none (null when measured); written as {@code quality: {skipped: ...}}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"final_d_loss", "final_g_adv", "final_l1", "generator_parameters", "discriminator_parameters"})
public record Pix2PixFigures(@JsonProperty("final_d_loss") double finalDLoss,
    @JsonProperty("final_g_adv") double finalGAdv, @JsonProperty("final_l1") double finalL1,
    long generatorParameters, long discriminatorParameters, @JsonUnwrapped TranslationQuality.Figures measured,
    @JsonProperty("quality") Skipped skipped) {

  /** Why the held-out figures were not measured. */
  public record Skipped(String skipped) {}
}
