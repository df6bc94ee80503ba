package dev.dgmspark.gan;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Map;

/**
 * A GAN's final figures in {@code summary.json}: the last epoch's step figures, the networks' sizes, and the
 * quality figures {@link GanQuality} measured (or why they were skipped), written after them.
 *
 * @param finalDLoss the last epoch's mean discriminator loss
 * @param finalGLoss the last epoch's mean generator loss
 * @param finalDReal the last epoch's mean D(x)
 * @param finalDFake the last epoch's mean D(G(z))
 * @param generatorParameters parameters of the generator
 * @param discriminatorParameters parameters of the discriminator
 * @param quality the quality figures by name, in {@link GanQuality}'s order
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"final_d_loss", "final_g_loss", "final_d_real", "final_d_fake", "generator_parameters",
    "discriminator_parameters"})
public record GanFigures(double finalDLoss, double finalGLoss, double finalDReal, double finalDFake,
    long generatorParameters, long discriminatorParameters, @JsonIgnore Map<String, Object> quality) {

  /** The quality figures, written inline after the others. */
  @JsonAnyGetter
  public Map<String, Object> qualityFigures() {
    return quality;
  }
}
