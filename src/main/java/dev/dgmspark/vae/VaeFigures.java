package dev.dgmspark.vae;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Map;

/**
 * An autoencoder's final figures in {@code summary.json}, measured on held-out images (the per-epoch evaluation set
 * for the loss terms, up to 2,000 held-out images for the rest).
 *
 * @param finalLoss reconstruction + beta · KL per image, z = mu
 * @param finalReconstruction reconstruction loss per image (binary cross-entropy summed over pixels, nats)
 * @param finalKl KL per image (nats)
 * @param parameters the network's parameters
 * @param evaluationImages held-out images the figures below were measured on
 * @param meanImageReconstruction the reconstruction loss of the training data's mean image as every image's
 *     reconstruction: the baseline a model that learnt nothing about single images reaches
 * @param reconstructionVsMeanImage the model's reconstruction loss on the held-out images ÷ that baseline (below 1
 *     means the reconstructions keep something of each image)
 * @param attributeAccuracy per attribute, an attribute classifier's accuracy on the held-out originals (absent when
 *     the shards have no attribute columns)
 * @param reconAttributeAccuracy per attribute, the same classifier's accuracy on the originals' reconstructions
 * @param reconAttributeAccuracyRatio the minimum over attributes of reconstruction ÷ original accuracy: how much of
 *     what tells images apart the reconstructions keep
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"final_loss", "final_reconstruction", "final_kl", "parameters", "evaluation_images",
    "mean_image_reconstruction", "reconstruction_vs_mean_image", "attribute_accuracy", "recon_attribute_accuracy",
    "recon_attribute_accuracy_ratio"})
public record VaeFigures(double finalLoss, double finalReconstruction, double finalKl, long parameters,
    Integer evaluationImages, Double meanImageReconstruction, Double reconstructionVsMeanImage,
    Map<String, Double> attributeAccuracy, Map<String, Double> reconAttributeAccuracy,
    Double reconAttributeAccuracyRatio) {}
