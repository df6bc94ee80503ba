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
 * @param finalReconstruction reconstruction loss per image (the negative log-likelihood under the decoder, nats)
 * @param finalKl KL per image (nats)
 * @param parameters the network's parameters
 * @param reconstructionVariance Gaussian decoder: the pixel variance it is calibrated to (also in {@code model.json})
 * @param evaluationImages held-out images the figures below were measured on
 * @param reconstructionMse mean squared error of the reconstructed pixels (values in [0, 1])
 * @param meanImageMse the same for the training data's mean image as every image's reconstruction: what a model
 *     that learnt nothing about single images reaches
 * @param reconstructionVsMeanImage their ratio (below 1: the reconstructions keep something of each image)
 * @param attributeAccuracy per attribute, an attribute classifier's accuracy on the held-out originals (absent when
 *     the shards have no attribute columns)
 * @param reconAttributeAccuracy per attribute, the same classifier's accuracy on the originals' reconstructions
 * @param reconAttributeAccuracyRatio the minimum over attributes of reconstruction ÷ original accuracy: how much of
 *     what tells images apart the reconstructions keep
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"final_loss", "final_reconstruction", "final_kl", "parameters", "reconstruction_variance",
    "evaluation_images", "reconstruction_mse", "mean_image_mse", "reconstruction_vs_mean_image", "attribute_accuracy",
    "recon_attribute_accuracy", "recon_attribute_accuracy_ratio"})
public record VaeFigures(double finalLoss, double finalReconstruction, double finalKl, long parameters,
    Double reconstructionVariance, Integer evaluationImages, Double reconstructionMse, Double meanImageMse,
    Double reconstructionVsMeanImage, Map<String, Double> attributeAccuracy, Map<String, Double> reconAttributeAccuracy,
    Double reconAttributeAccuracyRatio) {}
