package dev.dgmspark.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dgmspark.io.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The GAN's figures in summary.json keep the keys the README documents, now that they are records. */
class GanFiguresJsonTest {
  private static JsonNode json(GanFigures figures) throws Exception {
    return new ObjectMapper().readTree(Json.pretty(figures));
  }

  private static GanQualityFigures quality(GanQualityFigures.ConditionAccuracy conditions) {
    Map<String, Double> accuracy = new LinkedHashMap<>(Map.of("hair_color", 0.9));
    Map<String, Map<String, GanQualityFigures.ValueCoverage>> byAttribute = new LinkedHashMap<>();
    byAttribute.put("hair_color", Map.of("black", new GanQualityFigures.ValueCoverage(0.3, 0.1, false)));
    return new GanQualityFigures(new GanQualityFigures.ClassifierAccuracy(accuracy, 0.9, 200, 1000),
        new GanQualityFigures.ModeCoverage(0, 1, false, "rule", byAttribute), Map.of("hair_color", 0.2, "mean", 0.2),
        Map.of("hair_color", 0.05, "mean", 0.05), new GanQualityFigures.Frechet(12.5, 1.5, "features", 500),
        conditions, 500, null).withSeconds(3.25);
  }

  @Test
  void qualityFiguresAreWrittenInlineAfterTheLossFigures() throws Exception {
    JsonNode json = json(new GanFigures(0.6, 0.9, 0.55, 0.4, 1000, 2000, quality(null), null));
    List<String> keys = new java.util.ArrayList<>();
    json.fieldNames().forEachRemaining(keys::add);
    assertEquals(List.of("final_d_loss", "final_g_loss", "final_d_real", "final_d_fake", "generator_parameters",
        "discriminator_parameters", "classifier_accuracy", "mode_coverage", "attribute_tv_distance",
        "attribute_tv_distance_held_out_real", "frechet_distance", "generated_images", "seconds"), keys);
    assertEquals(0.9, json.path("classifier_accuracy").path("hair_color").asDouble());
    assertEquals(0.9, json.path("classifier_accuracy").path("mean").asDouble());
    assertEquals(200, json.path("classifier_accuracy").path("held_out_images").asInt());
    assertEquals(1000, json.path("classifier_accuracy").path("training_images").asInt());
    JsonNode coverage = json.path("mode_coverage");
    assertEquals(0, coverage.path("covered").asInt());
    assertEquals(1, coverage.path("values").asInt());
    assertFalse(coverage.path("all_covered").asBoolean(true));
    JsonNode black = coverage.path("by_attribute").path("hair_color").path("black");
    assertEquals(0.3, black.path("training_share").asDouble());
    assertEquals(0.1, black.path("generated_share").asDouble());
    assertFalse(black.path("covered").asBoolean(true));
    assertEquals(0.2, json.path("attribute_tv_distance").path("mean").asDouble());
    assertEquals(12.5, json.path("frechet_distance").path("generated_vs_held_out").asDouble());
    assertEquals(1.5, json.path("frechet_distance").path("training_vs_held_out").asDouble());
    assertEquals(3.25, json.path("seconds").asDouble());
    assertFalse(json.has("quality"));
  }

  @Test
  void conditionAccuracyNamesEachConditionBesideTheMeans() throws Exception {
    GanQualityFigures.ConditionAccuracy conditions = new GanQualityFigures.ConditionAccuracy(
        Map.of("glasses", new GanQualityFigures.Condition(0.94, 0.5, Map.of("no", 0.96, "yes", 0.92))), 0.94, 0.5);
    JsonNode accuracy = json(new GanFigures(0, 0, 0, 0, 1, 1, quality(conditions), null)).path("condition_accuracy");
    assertEquals(0.94, accuracy.path("glasses").path("accuracy").asDouble());
    assertEquals(0.5, accuracy.path("glasses").path("chance").asDouble());
    assertEquals(0.92, accuracy.path("glasses").path("by_value").path("yes").asDouble());
    assertEquals(0.94, accuracy.path("mean").asDouble());
    assertEquals(0.5, accuracy.path("mean_chance").asDouble());
  }

  @Test
  void skippedQualityFiguresSayWhy() throws Exception {
    JsonNode json = json(new GanFigures(0, 0, 0, 0, 1, 1, null, new GanFigures.Skipped("--eval-samples 0")));
    assertEquals("--eval-samples 0", json.path("quality").path("skipped").asText());
    assertTrue(!json.has("classifier_accuracy") && !json.has("mode_coverage"));
  }
}
