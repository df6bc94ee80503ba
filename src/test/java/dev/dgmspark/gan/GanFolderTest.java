package dev.dgmspark.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The GAN's {@code model.json}: what is written is read back, and older folders still read. */
class GanFolderTest {
  @TempDir java.nio.file.Path dir;

  private static GanFolder.Descriptor descriptor(ConditionMode mode) {
    GanConfig config = new GanConfig(true, 32, 3, 64, 16, List.of("glasses"), List.of(List.of("no", "yes")), 2e-4,
        0.5, 0.1, 2, 9, mode);
    return new GanFolder.Descriptor(config, List.of("glasses", "hat"), List.of(List.of("no", "yes"),
        List.of("no", "yes")), List.of(List.of(0.7, 0.3), List.of(0.8, 0.2)), "abc", 3);
  }

  @Test
  void descriptorRoundTripsWithItsConditionMode() throws Exception {
    Configuration conf = new Configuration();
    Path folder = new Path(dir.toUri());
    for (ConditionMode mode : ConditionMode.values()) {
      GanFolder.Descriptor written = descriptor(mode);
      GanFolder.writeDescriptor(folder, written, conf);
      assertEquals(written, GanFolder.readDescriptor(folder, conf));
    }
  }

  @Test
  void modelJsonKeepsItsKeysInTheirOrder() throws Exception {
    Configuration conf = new Configuration();
    Path folder = new Path(dir.toUri());
    GanFolder.writeDescriptor(folder, descriptor(ConditionMode.CLASSIFIER), conf);
    com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(dir.resolve("model.json").toFile());
    List<String> keys = new java.util.ArrayList<>();
    json.fieldNames().forEachRemaining(keys::add);
    assertEquals(List.of("model", "image_size", "channels", "noise_dim", "filters", "condition", "condition_mode",
        "learning_rate", "beta1", "label_smoothing", "d_steps", "augment", "ema", "r1", "refine_layers", "minibatch_std",
        "lr_decay_epochs", "seed", "format", "attribute_shares", "data_index_sha256", "epochs"), keys);
    assertEquals("cgan", json.path("model").asText());
    assertEquals("yes", json.path("condition").path("glasses").path(1).asText());
    assertEquals(0.2, json.path("attribute_shares").path("hat").path("yes").asDouble());
    assertEquals(2, json.path("d_steps").asInt());
    assertEquals("none", json.path("augment").asText());
  }

  @Test
  void descriptorRoundTripsWithItsAugmentation() throws Exception {
    Configuration conf = new Configuration();
    Path folder = new Path(dir.toUri());
    GanFolder.Descriptor plain = descriptor(ConditionMode.CLASSIFIER);
    GanFolder.Descriptor written = new GanFolder.Descriptor(
        plain.config().withAugment(DiffAugment.Policy.parse("translation,cutout")), plain.attributes(),
        plain.attributeValues(), plain.attributeShares(), plain.dataIndexSha256(), plain.epochs());
    GanFolder.writeDescriptor(folder, written, conf);
    assertEquals(written, GanFolder.readDescriptor(folder, conf));
    assertEquals(new DiffAugment.Policy(false, true, true),
        GanFolder.readDescriptor(folder, conf).config().augment());
  }

  @Test
  void aFolderWithoutAnAugmentKeyHoldsAModelTrainedWithout() throws Exception {
    Configuration conf = new Configuration();
    Path folder = new Path(dir.toUri());
    GanFolder.Descriptor plain = descriptor(ConditionMode.CLASSIFIER);
    GanFolder.writeDescriptor(folder, new GanFolder.Descriptor(
        plain.config().withAugment(DiffAugment.Policy.parse("color")), plain.attributes(), plain.attributeValues(),
        plain.attributeShares(), plain.dataIndexSha256(), plain.epochs()), conf);
    java.nio.file.Path file = dir.resolve("model.json");
    String json = Files.readString(file, StandardCharsets.UTF_8);
    Files.writeString(file, json.replaceAll("\"augment\"\\s*:\\s*\"color\"\\s*,?", ""), StandardCharsets.UTF_8);
    assertEquals(plain, GanFolder.readDescriptor(folder, conf));
  }

  @Test
  void descriptorRoundTripsWithItsMovingAverageAndPenaltyAndOlderFoldersHaveNeither() throws Exception {
    GanConfig plain = descriptor(ConditionMode.CLASSIFIER).config();
    assertNumberKeyRoundTripsAndDefaultsToZero(plain.withEma(0.995), "ema", 0.995, GanConfig::ema);
    assertNumberKeyRoundTripsAndDefaultsToZero(plain.withR1(2.5), "r1", 2.5, GanConfig::r1);
  }

  @Test
  void descriptorRoundTripsWithItsRefineLayersAndMinibatchStdAndOlderFoldersHaveNeither() throws Exception {
    GanConfig plain = descriptor(ConditionMode.CLASSIFIER).config();
    assertNumberKeyRoundTripsAndDefaultsToZero(plain.withRefineLayers(2), "refine_layers", 2,
        GanConfig::refineLayers);
    assertNumberKeyRoundTripsAndDefaultsToZero(plain.withMinibatchStd(4), "minibatch_std", 4,
        GanConfig::minibatchStd);
  }

  @Test
  void descriptorRoundTripsWithItsLearningRateDecayAndOlderFoldersHaveNone() throws Exception {
    GanConfig plain = descriptor(ConditionMode.CLASSIFIER).config();
    assertNumberKeyRoundTripsAndDefaultsToZero(plain.withLrDecayEpochs(40), "lr_decay_epochs", 40,
        GanConfig::lrDecayEpochs);
  }

  /**
   * Writes a descriptor with {@code config}, reads {@code value} back through {@code read}, then removes the key from
   * {@code model.json} (as in a folder written before it existed) and reads the plain descriptor.
   */
  private void assertNumberKeyRoundTripsAndDefaultsToZero(GanConfig config, String key, double value,
      java.util.function.ToDoubleFunction<GanConfig> read) throws Exception {
    Configuration conf = new Configuration();
    Path folder = new Path(dir.toUri());
    GanFolder.Descriptor plain = descriptor(ConditionMode.CLASSIFIER);
    GanFolder.Descriptor written = new GanFolder.Descriptor(config, plain.attributes(), plain.attributeValues(),
        plain.attributeShares(), plain.dataIndexSha256(), plain.epochs());
    GanFolder.writeDescriptor(folder, written, conf);
    assertEquals(value, read.applyAsDouble(GanFolder.readDescriptor(folder, conf).config()));
    java.nio.file.Path file = dir.resolve("model.json");
    String json = Files.readString(file, StandardCharsets.UTF_8);
    // Integer keys are written without a fraction, double keys with one.
    String number = value == Math.rint(value) ? (long) value + "(\\.0)?" : String.valueOf(value);
    String stripped = json.replaceAll("\"" + key + "\"\\s*:\\s*" + number + "\\s*,?", "");
    assertTrue(!stripped.equals(json), key + " not found in " + json);
    Files.writeString(file, stripped, StandardCharsets.UTF_8);
    assertEquals(plain, GanFolder.readDescriptor(folder, conf));
  }

  @Test
  void anUnconditionalGanHasNoConditionMode() throws Exception {
    GanConfig config = new GanConfig(false, 32, 3, 64, 16, List.of(), List.of(), 2e-4, 0.5, 0.1, 1, 9);
    com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(dev.dgmspark.io.Json.pretty(config));
    assertEquals("gan", json.path("model").asText());
    assertEquals(0, json.path("condition").size());
    assertEquals(false, json.has("condition_mode"));
    assertEquals(false, json.has("conditional"));
  }

  @Test
  void aCganFolderWithoutAConditionModeHoldsAnInputModeCgan() throws Exception {
    Configuration conf = new Configuration();
    Path folder = new Path(dir.toUri());
    GanFolder.writeDescriptor(folder, descriptor(ConditionMode.CLASSIFIER), conf);
    java.nio.file.Path file = dir.resolve("model.json");
    String json = Files.readString(file, StandardCharsets.UTF_8);
    String legacy = json.replaceAll("\"condition_mode\"\\s*:\\s*\"classifier\"\\s*,?", "");
    Files.writeString(file, legacy, StandardCharsets.UTF_8);
    assertEquals(descriptor(ConditionMode.INPUT), GanFolder.readDescriptor(folder, conf));
  }
}
