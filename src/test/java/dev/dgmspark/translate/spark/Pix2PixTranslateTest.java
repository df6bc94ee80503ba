package dev.dgmspark.translate.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dgmspark.common.ModelKind;
import dev.dgmspark.common.UsageException;
import dev.dgmspark.engine.TrainingSummary;
import dev.dgmspark.io.Json;
import dev.dgmspark.shard.ShardIndex;
import dev.dgmspark.shard.ShardJob;
import dev.dgmspark.shard.ShardOptions;
import dev.dgmspark.synth.PairSpec;
import dev.dgmspark.synth.SynthGenerator;
import dev.dgmspark.synth.SynthRequest;
import dev.dgmspark.testing.Cli;
import dev.dgmspark.testing.SharedSpark;
import dev.dgmspark.train.Pix2PixOptions;
import dev.dgmspark.train.Pix2PixTraining;
import dev.dgmspark.train.TrainOptions;
import dev.dgmspark.translate.Pix2PixFigures;
import dev.dgmspark.translate.Pix2PixHooks;
import dev.dgmspark.translate.TranslationFolder;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * pix2pix on tiny networks and synthetic pairs in local[2]: the paired export, the model folder and figures, the
 * translate job's rows and ids, and usage errors.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Pix2PixTranslateTest extends SharedSpark {
  private static final int COUNT = 120;
  @TempDir static Path dir;

  @BeforeAll
  static void shardPairs() throws Exception {
    new SynthGenerator().generate(SynthRequest.of(new org.apache.hadoop.fs.Path(dir.resolve("faces").toUri()), COUNT)
        .withSeed(3).withSize(28).withPairs(PairSpec.parse("glasses")).withConf(new Configuration()));
    ShardJob.run(spark, ShardOptions.of(dir.resolve("faces").toString(), dir.resolve("shards").toString())
        .withSize(28));
    new SynthGenerator().generate(SynthRequest.of(new org.apache.hadoop.fs.Path(dir.resolve("plain").toUri()), 20)
        .withSize(28).withConf(new Configuration()));
    ShardJob.run(spark, ShardOptions.of(dir.resolve("plain").toString(), dir.resolve("plain-shards").toString())
        .withSize(28));
  }

  private static String[] paths(Path folder) throws java.io.IOException {
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(folder.toUri());
    return ShardIndex.read(path, new Configuration()).shardPaths(path);
  }

  private static Pix2PixOptions options(String data, String out, String source, String target) {
    TrainOptions train = TrainOptions.of(ModelKind.PIX2PIX, dir.resolve(data).toString(), dir.resolve(out).toString())
        .toBuilder().learningRate(1e-3).batchSize(16).epochs(2).averagingFrequency(2).build();
    return Pix2PixOptions.of(train, source, target).withFilters(2);
  }

  @Test
  @Order(1)
  void pairRowsJoinEachInputToItsTruth() throws Exception {
    String[] paths = paths(dir.resolve("shards"));
    Map<String, byte[]> withGlasses = new HashMap<>();
    Map<String, byte[]> without = new HashMap<>();
    for (Row row : spark.read().parquet(paths).select("pair_id", "glasses", "image.bytes").collectAsList()) {
      (row.getString(1).equals("yes") ? withGlasses : without).put(row.getString(0), row.getAs(2));
    }
    List<Row> pairs = new PairRows("glasses", "no", "yes").rows(spark, paths, List.of()).collectAsList();
    assertEquals(COUNT / 2, pairs.size());
    assertEquals(COUNT / 2, pairs.stream().map(r -> r.getString(0)).distinct().count());
    for (Row pair : pairs) {
      assertArrayEquals(without.get(pair.getString(0)), (byte[]) pair.getAs(1), pair.getString(0));
      assertArrayEquals(withGlasses.get(pair.getString(0)), (byte[]) pair.getAs(2), pair.getString(0));
    }
  }

  @Test
  @Order(2)
  void pix2pixWritesItsModelFolderAndHeldOutFigures() throws Exception {
    TrainingSummary summary = Pix2PixTraining.run(spark, options("shards", "model", "glasses=no", "glasses=yes"))
        .summary();
    Pix2PixFigures figures = (Pix2PixFigures) summary.figures();
    assertEquals("pix2pix", summary.model());
    assertEquals(2, summary.epochs());
    assertNotNull(figures.measured(), "held-out figures");
    assertTrue(figures.measured().heldOutPairs() > 0);
    assertEquals(figures.measured().l1Translated() / figures.measured().l1Untranslated(),
        figures.measured().l1Ratio(), 1e-3 + 1e-3 * figures.measured().l1Ratio());
    assertTrue(figures.measured().l1Untranslated() > 0, "a pair's images differ");
    assertEquals(2 * (COUNT / 2 - figures.measured().heldOutPairs()), figures.measured().classifierImages());

    Path model = dir.resolve("model");
    for (String file : List.of("model.zip", "model.json", "metrics.csv", "summary.json",
        TranslationFolder.CLASSIFIER, Pix2PixHooks.gridName(1), Pix2PixHooks.gridName(2))) {
      assertTrue(Files.exists(model.resolve(file)), file);
    }
    assertEquals("epoch,d_loss,g_adv,l1,d_real,d_fake,examples,seconds,examples_per_second",
        Files.readAllLines(model.resolve("metrics.csv")).get(0));
    JsonNode json = Json.MAPPER.readTree(model.resolve("summary.json").toFile());
    for (String key : List.of("l1_ratio", "target_rate", "input_target_rate", "classifier_accuracy")) {
      assertTrue(json.path(key).isNumber(), key);
    }
    assertEquals("glasses", json.path("config").path("attribute").asText());
    // Grid: rows of (input | translation | truth) triples, 28 px cells doubled with 2 px gaps; 4 triples a row.
    BufferedImage grid = ImageIO.read(model.resolve(Pix2PixHooks.gridName(2)).toFile());
    assertEquals(2 + 12 * (56 + 2), grid.getWidth());
  }

  @Test
  @Order(3)
  void translateKeepsRowCountsAndNamesEachInput() throws Exception {
    TranslateSummary summary = TranslateJob.run(spark, TranslateOptions.of(dir.resolve("model").toString(),
        dir.resolve("shards").toString(), dir.resolve("translated").toString(), false));
    assertEquals(COUNT, summary.dataRows());
    assertEquals(COUNT / 2, summary.translated());
    assertEquals(COUNT / 2, summary.skipped());
    assertEquals(COUNT / 2, summary.shardAccepted());
    assertNotNull(summary.targetRate());
    // pix2pix's classifier reads the translated attribute only: nothing else to keep.
    assertNull(summary.keptRates());
    assertNull(summary.keptRate());

    String[] input = paths(dir.resolve("shards"));
    Map<String, Row> sources = spark.read().parquet(input).where(functions.col("glasses").equalTo("no"))
        .select("id", "skin_tone", "hair_color", "hat", "smile").collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getString(0), r -> r));
    ShardIndex index = ShardIndex.read(new org.apache.hadoop.fs.Path(dir.resolve("translated/shards").toUri()),
        new Configuration());
    assertFalse(index.attributes().contains("translated_from"));
    assertTrue(index.attributes().contains("classifier_glasses"));
    List<Row> out = spark.read().parquet(paths(dir.resolve("translated/shards")))
        .select("translated_from", "glasses", "skin_tone", "hair_color", "hat", "smile", "classifier_glasses")
        .collectAsList();
    assertEquals(COUNT / 2, out.size());
    assertEquals(sources.keySet(), out.stream().map(r -> r.getString(0)).collect(Collectors.toSet()));
    for (Row row : out) {
      assertEquals("yes", row.getString(1));
      Row from = sources.get(row.getString(0));
      for (int a = 1; a <= 4; a++) {
        assertEquals(from.getString(a), row.getString(a + 1), "attribute " + a + " of " + row.getString(0));
      }
      assertTrue(Set.of("no", "yes").contains(row.getString(6)));
    }
    double yes = out.stream().filter(r -> r.getString(6).equals("yes")).count() / (double) out.size();
    assertEquals(yes, summary.targetRate(), 1e-3);
    assertTrue(Files.exists(dir.resolve("translated/grid.png")));
  }

  @Test
  @Order(4)
  void resumeContinuesFromTheLastCheckpoint() throws Exception {
    Pix2PixOptions more = options("shards", "model", null, null);
    TrainingSummary summary = Pix2PixTraining.run(spark, more.withTrain(more.train().toBuilder().epochs(3)
        .resume(true).build())).summary();
    assertEquals(3, summary.epochs());
    assertEquals(3, summary.firstEpochThisRun());
    List<String> metrics = Files.readAllLines(dir.resolve("model").resolve("metrics.csv"));
    assertEquals(List.of("1", "2", "3"), metrics.subList(1, metrics.size()).stream().map(l -> l.split(",")[0])
        .toList());
    assertEquals("glasses", Json.MAPPER.readTree(dir.resolve("model/model.json").toFile()).path("attribute")
        .asText());
  }

  @Test
  @Order(5)
  void badRequestsAreUsageErrors() {
    assertTrue(assertThrows(UsageException.class, () -> Pix2PixTraining.run(spark, options("plain-shards", "m1",
        "glasses=no", "glasses=yes"))).getMessage().contains("pair_id"));
    assertTrue(assertThrows(UsageException.class, () -> Pix2PixTraining.run(spark, options("shards", "m2",
        "glasses=no", "hat=yes"))).getMessage().contains("different attributes"));
    String message = assertThrows(UsageException.class, () -> Pix2PixTraining.run(spark, options("shards", "m3",
        "glasses=no", "glasses=maybe"))).getMessage();
    assertTrue(message.contains("--target") && message.contains("allowed: no, yes"), message);
    Cli.Run missing = Cli.run(List.of("train", "--model", "pix2pix", "--data", "x", "--out", "y", "--source",
        "glasses=no"));
    assertEquals(2, missing.code(), missing.toString());
    assertTrue(missing.err().contains("--target"), missing.toString());
    Cli.Run misplaced = Cli.run(List.of("train", "--model", "vae", "--data", "x", "--out", "y", "--source",
        "glasses=no"));
    assertEquals(2, misplaced.code(), misplaced.toString());
    assertTrue(misplaced.err().contains("--source") && misplaced.err().contains("pix2pix"), misplaced.toString());
    assertTrue(assertThrows(UsageException.class, () -> TranslateJob.run(spark, TranslateOptions.of(
        dir.resolve("plain").toString(), dir.resolve("shards").toString(), dir.resolve("t2").toString(), false)))
        .getMessage().contains("model.json"));
    // pix2pix translates one way only.
    String oneWay = assertThrows(UsageException.class, () -> TranslateJob.run(spark, new TranslateOptions(
        dir.resolve("model").toString(), dir.resolve("shards").toString(), dir.resolve("t3").toString(), "b2a",
        false))).getMessage();
    assertTrue(oneWay.contains("--direction b2a") && oneWay.contains("allowed: a2b"), oneWay);
  }
}
