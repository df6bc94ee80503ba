package dev.dgmspark.gan;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A GAN's final figures in {@code summary.json}: the last epoch's step figures, the networks' sizes, and the
 * quality figures {@link GanQuality} measured, written inline after them, or why they were skipped.
 *
 * @param finalDLoss the last epoch's mean discriminator loss
 * @param finalGLoss the last epoch's mean generator loss
 * @param finalDReal the last epoch's mean D(x)
 * @param finalDFake the last epoch's mean D(G(z))
 * @param generatorParameters parameters of the generator
 * @param discriminatorParameters parameters of the discriminator
 * @param measuredQuality the quality figures (null when skipped)
 * @param qualitySkipped why there are none (null when measured); written as {@code quality: {skipped: ...}}
 */
// The snake-case strategy alone would write finalDLoss as final_dloss: the names are spelled out.
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"final_d_loss", "final_g_loss", "final_d_real", "final_d_fake", "generator_parameters",
    "discriminator_parameters"})
public record GanFigures(@JsonProperty("final_d_loss") double finalDLoss,
    @JsonProperty("final_g_loss") double finalGLoss, @JsonProperty("final_d_real") double finalDReal,
    @JsonProperty("final_d_fake") double finalDFake,
    long generatorParameters, long discriminatorParameters, @JsonUnwrapped GanQualityFigures measuredQuality,
    @JsonProperty("quality") Skipped qualitySkipped) {

  /** Why the quality figures were not measured. */
  public record Skipped(String skipped) {}
}
