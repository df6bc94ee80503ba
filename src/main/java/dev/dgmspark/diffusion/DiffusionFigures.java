package dev.dgmspark.diffusion;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A diffusion model's final figures in {@code summary.json}.
 *
 * @param finalNoiseMse the last epoch's training loss: mean squared error of the predicted noise per pixel value
 *     (1.0 is what predicting zero noise scores)
 * @param heldOutImages held-out images the next two figures were measured on (0: none held out)
 * @param heldOutNoiseMse the same loss on held-out images at seeded timesteps and noise, with the trained weights
 * @param heldOutNoiseMseAverage the same with the moving-average weights that sampling uses
 * @param parameters the U-Net's parameters
 * @param samples the final sample grid's file name
 * @param samplesSteps DDIM steps the final grid was drawn with
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"final_noise_mse", "held_out_images", "held_out_noise_mse", "held_out_noise_mse_average",
    "parameters", "samples", "samples_steps"})
public record DiffusionFigures(double finalNoiseMse, int heldOutImages, Double heldOutNoiseMse,
    Double heldOutNoiseMseAverage, long parameters, String samples, int samplesSteps) {}
