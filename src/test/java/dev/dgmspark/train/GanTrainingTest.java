package dev.dgmspark.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dgmspark.common.UsageException;
import dev.dgmspark.generate.GenerateJob;
import dev.dgmspark.generate.GenerateOptions;
import dev.dgmspark.io.Json;
import dev.dgmspark.common.ModelKind;
import dev.dgmspark.shard.ShardJob;
import dev.dgmspark.shard.ShardOptions;
import dev.dgmspark.synth.SynthGenerator;
import dev.dgmspark.synth.SynthRequest;
import dev.dgmspark.testing.SharedSpark;
import dev.dgmspark.generate.GenerateJob;
import dev.dgmspark.generate.GenerateOptions;
import dev.dgmspark.gan.ConditionMode;
import dev.dgmspark.gan.GanFolder;
import dev.dgmspark.gan.GanModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gan and cgan training on tiny networks and synthetic faces in local[2]: outputs, quality figures, resume. */
class GanTrainingTest extends SharedSpark {
  private static final int COUNT = 240;
  @TempDir static Path dir;

  @BeforeAll
  static void shardSyntheticFaces() throws Exception {
    new SynthGenerator().generate(SynthRequest.of(new org.apache.hadoop.fs.Path(dir.resolve("faces").toUri()), COUNT)
        .withSeed(8).withSize(28).withConf(new Configuration()));
    ShardJob.run(spark, ShardOptions.of(dir.resolve("faces").toString(), dir.resolve("shards").toString())
        .withSize(28));
  }

  private static GanOptions options(ModelKind kind, String out, List<String> condition, int epochs) {
    TrainOptions train = TrainOptions.of(kind, dir.resolve("shards").toString(), dir.resolve(out).toString())
        .toBuilder().latentDim(8).learningRate(2e-4).batchSize(16).epochs(epochs).maxBatches(4)
        .averagingFrequency(1).build();
    return GanOptions.of(train, condition).withFilters(4).withEvalSamples(48);
  }

  private static JsonNode json(String file) throws Exception {
    return Json.MAPPER.readTree(dir.resolve(file).toFile());
  }

  @Test
  void ganWritesCheckpointsMetricsSampleGridsAndQualityFigures() throws Exception {
    GanTraining.run(spark, options(ModelKind.GAN, "gan", List.of(), 2));
    for (String file : List.of("checkpoints/epoch-0001.zip", "checkpoints/epoch-0002.zip", "model.zip",
        "model.json", "samples-epoch-1.png", "samples-epoch-2.png")) {
      assertTrue(Files.exists(dir.resolve("gan").resolve(file)), file);
    }
    assertFalse(Files.exists(dir.resolve("gan/batches")), "exported batches are removed at the end");
    List<String> metrics = Files.readAllLines(dir.resolve("gan/metrics.csv"));
    assertEquals("epoch,d_loss,g_loss,d_real,d_fake,examples,seconds,examples_per_second", metrics.get(0));
    assertEquals(3, metrics.size());
    String[] row = metrics.get(2).split(",");
    assertEquals("2", row[0]);
    double dReal = Double.parseDouble(row[3]);
    double dFake = Double.parseDouble(row[4]);
    assertTrue(dReal > 0 && dReal < 1 && dFake > 0 && dFake < 1, metrics.get(2));
    // 4 minibatches of 16 / 2 workers = 8 images each.
    assertEquals(32, Integer.parseInt(row[5]));
    var grid = ImageIO.read(dir.resolve("gan/samples-epoch-2.png").toFile());
    assertNotNull(grid);
    assertTrue(grid.getWidth() >= 8 * 28 && grid.getHeight() >= 8 * 28);

    JsonNode summary = json("gan/summary.json");
    assertEquals("gan", summary.path("model").asText());
    JsonNode coverage = summary.path("mode_coverage");
    assertTrue(coverage.path("values").asInt() >= 5, "every attribute has a value above 5%");
    assertTrue(coverage.path("by_attribute").has("glasses"));
    for (String attribute : List.of("skin_tone", "hair_color", "glasses", "hat", "smile")) {
      double tv = summary.path("attribute_tv_distance").path(attribute).asDouble(-1);
      assertTrue(tv >= 0 && tv <= 1, attribute + " TV " + tv);
      double accuracy = summary.path("classifier_accuracy").path(attribute).asDouble(-1);
      assertTrue(accuracy >= 0 && accuracy <= 1, attribute + " accuracy " + accuracy);
    }
    assertTrue(summary.path("frechet_distance").path("generated_vs_held_out").asDouble(-1) >= 0);
    assertFalse(summary.has("condition_accuracy"));
    assertEquals(0, json("gan/model.json").path("condition").size());
    double shares = 0;
    for (JsonNode share : json("gan/model.json").path("attribute_shares").path("glasses")) {
      shares += share.asDouble();
    }
    assertEquals(1.0, shares, 1e-9);

    GenerateJob.run(spark, GenerateOptions.of(dir.resolve("gan").toString(), 10,
        dir.resolve("gan-samples").toString()).withSeed(3));
    try (var files = Files.list(dir.resolve("gan-samples/images"))) {
      assertEquals(10, files.filter(p -> p.toString().endsWith(".png")).count());
    }
    assertFalse(Files.exists(dir.resolve("gan-samples/images/attributes.csv")));
    assertThrows(UsageException.class, () -> GenerateJob.run(spark, GenerateOptions.of(
        dir.resolve("gan").toString(), 2, dir.resolve("gan-bad").toString()).withCondition(
        java.util.Map.of("glasses", "yes")).withSeed(3)), "a gan takes no condition");
  }

  @Test
  void cganReportsConditionAccuracyPerConditionAttribute() throws Exception {
    GanTraining.run(spark, options(ModelKind.CGAN, "cgan", List.of("hair", "glasses"), 1));
    JsonNode summary = json("cgan/summary.json");
    JsonNode accuracy = summary.path("condition_accuracy");
    assertEquals(0.5, accuracy.path("glasses").path("chance").asDouble(), 1e-9);
    assertEquals(0.2, accuracy.path("hair_color").path("chance").asDouble(), 1e-9);
    assertEquals(5, accuracy.path("hair_color").path("by_value").size());
    double mean = accuracy.path("mean").asDouble(-1);
    assertTrue(mean >= 0 && mean <= 1);
    assertEquals("classifier", json("cgan/model.json").path("condition_mode").asText(), "the default mode");
    assertEquals("classifier", summary.path("config").path("condition_mode").asText());
    JsonNode condition = json("cgan/model.json").path("condition");
    assertEquals(List.of("hair_color", "glasses"), List.copyOf(iterator(condition.fieldNames())));

    // generate with glasses=yes: every image is labelled with the requested value, the hair colour is drawn.
    GenerateJob.run(spark, GenerateOptions.of(dir.resolve("cgan").toString(), 20,
        dir.resolve("generated").toString()).withCondition(java.util.Map.of("glasses", "yes")).withSeed(3));
    List<String> attributes = Files.readAllLines(dir.resolve("generated/images/attributes.csv"));
    assertEquals("file,hair_color,glasses", attributes.get(0));
    assertEquals(21, attributes.size());
    assertTrue(attributes.stream().skip(1).allMatch(l -> l.endsWith(",yes")), attributes.toString());
    JsonNode shards = json("generated/shards/index.json");
    assertEquals(20, shards.path("rows").asInt());
    assertEquals(28, shards.path("size").asInt());
    assertTrue(shards.path("attributes").toString().contains("glasses"));
    assertNotNull(ImageIO.read(dir.resolve("generated/grid.png").toFile()));
    assertEquals("cgan", json("generated/summary.json").path("model_kind").asText());
    UsageException badValue = assertThrows(UsageException.class, () -> GenerateJob.run(spark,
        GenerateOptions.of(dir.resolve("cgan").toString(), 2, dir.resolve("generated2").toString())
            .withCondition(java.util.Map.of("glasses", "maybe")).withSeed(3)));
    assertTrue(badValue.getMessage().contains("no, yes"), badValue.getMessage());
  }

  @Test
  void resumedRunMatchesAnUninterruptedOne() throws Exception {
    GanTraining.run(spark, options(ModelKind.GAN, "straight", List.of(), 2).withEvalSamples(0));
    GanTraining.run(spark, options(ModelKind.GAN, "resumed", List.of(), 1).withEvalSamples(0));
    GanOptions resume = options(ModelKind.GAN, "resumed", List.of(), 2).withEvalSamples(0);
    resume = resume.withTrain(resume.train().withResume(true));
    GanTraining.run(spark, resume);
    List<String> straight = Files.readAllLines(dir.resolve("straight/metrics.csv"));
    List<String> resumed = Files.readAllLines(dir.resolve("resumed/metrics.csv"));
    assertEquals(3, resumed.size());
    assertEquals(cells(straight.get(1), 6), cells(resumed.get(1), 6), "epoch 1 row kept");
    assertEquals(cells(straight.get(2), 6), cells(resumed.get(2), 6), "epoch 2 continues the same run");
    GanFolder.Descriptor descriptor = GanFolder.readDescriptor(new org.apache.hadoop.fs.Path(
        dir.resolve("straight").toUri()), new Configuration());
    GanModel a = GanFolder.read(descriptor.config(), new org.apache.hadoop.fs.Path(
        dir.resolve("straight/model.zip").toUri()), new Configuration());
    GanModel b = GanFolder.read(descriptor.config(), new org.apache.hadoop.fs.Path(
        dir.resolve("resumed/model.zip").toUri()), new Configuration());
    assertArrayEquals(a.state().flat(), b.state().flat(), 1e-4f);
    assertEquals(a.generator().getIterationCount(), b.generator().getIterationCount());
    assertThrows(UsageException.class, () -> GanTraining.run(spark, options(ModelKind.GAN, "resumed", List.of(), 2)
        .withTrain(options(ModelKind.GAN, "resumed", List.of(), 2).train().withResume(true))));
  }

  @Test
  void linearDecayLowersTheLearningRateAfterTheFirstEpochAndEndsWithTheRun() throws Exception {
    GanTraining.run(spark, options(ModelKind.GAN, "constant", List.of(), 2).withEvalSamples(0));
    GanTraining.run(spark, options(ModelKind.GAN, "decayed", List.of(), 2).withEvalSamples(0).withLrDecay(true));
    assertEquals(2, json("decayed/model.json").path("lr_decay_epochs").asInt(),
        json("decayed/model.json").toString());
    List<String> constant = Files.readAllLines(dir.resolve("constant/metrics.csv"));
    List<String> decayed = Files.readAllLines(dir.resolve("decayed/metrics.csv"));
    assertEquals(cells(constant.get(1), 6), cells(decayed.get(1), 6), "epoch 1 trains at the full rate");
    assertNotEquals(cells(constant.get(2), 6), cells(decayed.get(2), 6), "epoch 2 at half of it");
    GanOptions beyond = options(ModelKind.GAN, "decayed", List.of(), 3).withEvalSamples(0);
    UsageException e = assertThrows(UsageException.class,
        () -> GanTraining.run(spark, beyond.withTrain(beyond.train().withResume(true))));
    assertTrue(e.getMessage().contains("--epochs must be at most 2"), e.getMessage());
  }

  @Test
  void badConditionsAreUsageErrors() {
    UsageException unknown = assertThrows(UsageException.class,
        () -> GanTraining.run(spark, options(ModelKind.CGAN, "bad", List.of("shoes"), 1)));
    assertTrue(unknown.getMessage().contains("shoes") && unknown.getMessage().contains("hair_color"),
        unknown.getMessage());
    assertThrows(UsageException.class,
        () -> GanTraining.run(spark, options(ModelKind.CGAN, "bad", List.of("h"), 1)), "h: hair_color or hat");
  }

  /** The first {@code n} comma-separated cells, rounded to 3 decimals (sums over Spark's tree may differ last). */
  private static List<String> cells(String row, int n) {
    String[] parts = row.split(",");
    return java.util.Arrays.stream(parts).limit(n).map(p -> String.format("%.3f", Double.parseDouble(p))).toList();
  }

  private static <T> List<T> iterator(java.util.Iterator<T> it) {
    List<T> list = new java.util.ArrayList<>();
    it.forEachRemaining(list::add);
    return list;
  }
}
