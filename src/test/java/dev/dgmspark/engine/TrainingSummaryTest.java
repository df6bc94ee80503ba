package dev.dgmspark.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dgmspark.io.Json;
import dev.dgmspark.vae.VaeFigures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code summary.json} of a training run keeps the keys readers and the README rely on: snake_case, in order, the
 * family's figures inline (not nested), absent figures left out.
 */
class TrainingSummaryTest {

  @Test
  void keysAreTheDocumentedOnesWithTheFamilysFiguresInline() throws Exception {
    VaeFigures figures = new VaeFigures(10.5, 9.5, 1.0, 1234, 288, 20.0, 0.5, Map.of("glasses", 0.9),
        Map.of("glasses", 0.8), 0.8889);
    TrainingSummary summary = new TrainingSummary("train", "vae", "file:/m", 3, 5, 1, 300, 2.0, 150.0, 4.0,
        "averaging", "onednn", 2, 32, 9, 1, figures, Map.of("latent_dim", 16), "file:/d/index.json", "ab", 320,
        Map.of("project", "dgm-spark"));
    JsonNode json = Json.MAPPER.readTree(Json.pretty(summary));
    List<String> keys = new ArrayList<>();
    json.fieldNames().forEachRemaining(keys::add);
    assertEquals(List.of("job", "model", "out", "epochs", "epochs_requested", "first_epoch_this_run",
        "examples_trained_this_run", "train_seconds", "examples_per_second", "seconds", "trainer", "nd4j_build",
        "workers", "batch_size_per_worker", "training_minibatches", "held_out_minibatches", "final_loss",
        "final_reconstruction", "final_kl", "parameters", "evaluation_images", "mean_image_reconstruction",
        "reconstruction_vs_mean_image", "attribute_accuracy", "recon_attribute_accuracy",
        "recon_attribute_accuracy_ratio", "config", "data_index", "data_index_sha256", "data_rows", "provenance"),
        keys);
    assertEquals(0.8, json.path("recon_attribute_accuracy").path("glasses").asDouble());
    assertEquals(16, json.path("config").path("latent_dim").asInt());
  }

  @Test
  void figuresThatWereNotMeasuredAreLeftOut() throws Exception {
    VaeFigures figures = new VaeFigures(10.5, 9.5, 1.0, 1234, null, null, null, null, null, null);
    TrainingSummary summary = new TrainingSummary("train", "vae", "file:/m", 1, 1, 1, 10, 1.0, 10.0, 2.0,
        "averaging", "plain", 1, 8, 1, 0, figures, Map.of(), "i", "s", 10, Map.of());
    JsonNode json = Json.MAPPER.readTree(Json.pretty(summary));
    assertEquals(9.5, json.path("final_reconstruction").asDouble());
    assertFalse(json.has("recon_attribute_accuracy_ratio"));
    assertFalse(json.has("figures"), "the figures are written inline");
  }
}
