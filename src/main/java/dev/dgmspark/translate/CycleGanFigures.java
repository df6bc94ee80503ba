package dev.dgmspark.translate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A CycleGAN's final figures in {@code summary.json}: the last epoch's step figures, the networks' sizes, and the
 * held-out figures ({@link CycleGanQuality}) written inline after them, or why they were skipped.
 *
 * @param finalDLossA the last epoch's mean loss of D_A
 * @param finalDLossB the last epoch's mean loss of D_B
 * @param finalGAdv the last epoch's mean adversarial terms of both generators
 * @param finalCycleL1 the last epoch's mean cycle L1 on training images, pixels in [0, 1]
 * @param finalIdentityL1 the last epoch's mean identity L1 on training images
 * @param generatorParameters parameters of each generator
 * @param discriminatorParameters parameters of each discriminator
 * @param measured the held-out figures (null when skipped)
 * @param skipped why there are none (null when measured); written as {@code quality: {skipped: ...}}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"final_d_loss_a", "final_d_loss_b", "final_g_adv", "final_cycle_l1", "final_identity_l1",
    "generator_parameters", "discriminator_parameters"})
public record CycleGanFigures(@JsonProperty("final_d_loss_a") double finalDLossA,
    @JsonProperty("final_d_loss_b") double finalDLossB, @JsonProperty("final_g_adv") double finalGAdv,
    @JsonProperty("final_cycle_l1") double finalCycleL1, @JsonProperty("final_identity_l1") double finalIdentityL1,
    long generatorParameters, long discriminatorParameters, @JsonUnwrapped CycleGanQuality.Figures measured,
    @JsonProperty("quality") Pix2PixFigures.Skipped skipped) {}
