package dev.dgmspark.translate.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import dev.dgmspark.synth.SynthGenerator;
import dev.dgmspark.synth.SynthRequest;
import dev.dgmspark.testing.Cli;
import dev.dgmspark.testing.SharedSpark;
import dev.dgmspark.train.CycleGanOptions;
import dev.dgmspark.train.CycleGanTraining;
import dev.dgmspark.train.TrainOptions;
import dev.dgmspark.translate.CycleGanConfig;
import dev.dgmspark.translate.CycleGanFigures;
import dev.dgmspark.translate.CycleGanModel;
import dev.dgmspark.translate.Pix2PixHooks;
import dev.dgmspark.translate.TranslationFolder;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * CycleGAN on tiny networks and unpaired synthetic faces in local[2]: the two domains' export, the model folder and
 * its figures, translate in both directions, resume, and usage errors.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CycleGanTranslateTest extends SharedSpark {
  private static final int COUNT = 90;
  private static final List<String> OTHERS = List.of("hair_color", "glasses", "hat", "smile");
  @TempDir static Path dir;
  private static Map<String, Long> tones;

  @BeforeAll
  static void shardFaces() throws Exception {
    new SynthGenerator().generate(SynthRequest.of(new org.apache.hadoop.fs.Path(dir.resolve("faces").toUri()), COUNT)
        .withSeed(5).withSize(28).withConf(new Configuration()));
    ShardJob.run(spark, ShardOptions.of(dir.resolve("faces").toString(), dir.resolve("shards").toString())
        .withSize(28));
    tones = spark.read().parquet(paths(dir.resolve("shards"))).groupBy("skin_tone").count().collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getString(0), r -> r.getLong(1)));
  }

  private static String[] paths(Path folder) throws java.io.IOException {
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(folder.toUri());
    return ShardIndex.read(path, new Configuration()).shardPaths(path);
  }

  private static CycleGanOptions options(String out, String a, String b) {
    TrainOptions train = TrainOptions.of(ModelKind.CYCLEGAN, dir.resolve("shards").toString(),
        dir.resolve(out).toString()).toBuilder().learningRate(1e-3).batchSize(8).epochs(2).averagingFrequency(2)
        .build();
    return CycleGanOptions.of(train, a, b).withFilters(2);
  }

  @Test
  @Order(1)
  void domainRowsSetEveryImageOfTheLargerDomainBesideOneOfTheOther() throws Exception {
    String[] paths = paths(dir.resolve("shards"));
    long light = tones.get("light");
    long dark = tones.get("dark");
    assertTrue(light > 0 && dark > 0 && light != dark, "tones " + tones);
    Map<String, Row> byId = new HashMap<>();
    for (Row row : spark.read().parquet(paths).select("id", "skin_tone", "image.bytes", "hat").collectAsList()) {
      byId.put(row.getString(0), row);
    }
    DomainRows rows = new DomainRows("skin_tone", "light", "dark", List.of("skin_tone", "hat"));
    List<Row> exported = rows.rows(spark, paths, rows.labelColumns()).collectAsList();
    assertEquals(Math.max(light, dark), exported.size());
    assertEquals(exported.size(), exported.stream().map(r -> r.getString(0)).distinct().count());
    List<String> as = new ArrayList<>();
    List<String> bs = new ArrayList<>();
    for (Row row : exported) {
      String[] ids = row.getString(0).split("~");
      Row a = byId.get(ids[0]);
      Row b = byId.get(ids[1]);
      assertEquals("light", a.getString(1));
      assertEquals("dark", b.getString(1));
      assertArrayEquals((byte[]) a.getAs(2), (byte[]) row.getAs(1));
      assertArrayEquals((byte[]) b.getAs(2), (byte[]) row.getAs(2));
      // Labels: the A image's skin_tone and hat, then the B image's.
      assertEquals(List.of("light", a.getString(3), "dark", b.getString(3)), List.of(row.getString(3),
          row.getString(4), row.getString(5), row.getString(6)));
      as.add(ids[0]);
      bs.add(ids[1]);
    }
    // Every image of both domains is used; the smaller domain's in turn, at most once more than the others.
    assertEquals(light, as.stream().distinct().count());
    assertEquals(dark, bs.stream().distinct().count());
    Map<String, Long> uses = bs.stream().collect(Collectors.groupingBy(s -> s, Collectors.counting()));
    long most = uses.values().stream().mapToLong(Long::longValue).max().orElseThrow();
    long least = uses.values().stream().mapToLong(Long::longValue).min().orElseThrow();
    assertTrue(most - least <= 1, "uses " + least + ".." + most);
    assertEquals(0, new DomainRows("skin_tone", "light", "purple", List.of()).rows(spark, paths, List.of()).count());
    assertArrayEquals(new long[] {light, dark}, rows.count(spark, paths));
  }

  @Test
  @Order(2)
  void cycleGanWritesItsModelFolderAndHeldOutFigures() throws Exception {
    TrainingSummary summary = CycleGanTraining.run(spark, options("model", "skin_tone=light", "skin_tone=dark"))
        .summary();
    CycleGanFigures figures = (CycleGanFigures) summary.figures();
    assertEquals("cyclegan", summary.model());
    assertEquals(2, summary.epochs());
    assertNotNull(figures.measured(), "held-out figures");
    assertTrue(figures.measured().heldOut() > 0);
    assertEquals(Set.copyOf(OTHERS), figures.measured().keptRates().keySet());
    assertEquals(Set.copyOf(OTHERS), figures.measured().keptRatesB2a().keySet());
    assertEquals(figures.measured().keptRates().values().stream().mapToDouble(Double::doubleValue).min()
        .orElseThrow(), figures.measured().keptRate(), 1e-9);
    assertTrue(figures.measured().cycleL1() >= 0 && figures.measured().cycleL1() < 0.5);
    assertTrue(figures.measured().classifierAccuracy().keySet().containsAll(OTHERS));

    Path model = dir.resolve("model");
    for (String file : List.of("model.zip", "model.json", "metrics.csv", "summary.json",
        TranslationFolder.CLASSIFIER, Pix2PixHooks.gridName(1), Pix2PixHooks.gridName(2))) {
      assertTrue(Files.exists(model.resolve(file)), file);
    }
    assertEquals("epoch,d_loss_a,d_loss_b,g_adv,cycle_l1,identity_l1,d_real_b,d_fake_b,examples,seconds,"
        + "examples_per_second", Files.readAllLines(model.resolve("metrics.csv")).get(0));
    JsonNode json = Json.MAPPER.readTree(model.resolve("summary.json").toFile());
    for (String key : List.of("target_rate", "input_target_rate", "kept_rate", "cycle_l1", "target_rate_b2a",
        "kept_rate_b2a", "cycle_l1_b2a")) {
      assertTrue(json.path(key).isNumber(), key);
    }
    assertFalse(json.path("keeper_kept_rate").isNumber(), "no keeping classifier without --keep-weight");
    JsonNode descriptor = Json.MAPPER.readTree(model.resolve("model.json").toFile());
    assertEquals("cyclegan", descriptor.path("model").asText());
    assertEquals("dark", descriptor.path("domain_b").asText());
    assertEquals("skin_tone", descriptor.path("attribute_values").fieldNames().next());
    // Grid: one row per example, a | G(a) | F(G(a)) | b | F(b) | G(F(b)), 28 px cells doubled with 2 px gaps.
    BufferedImage grid = ImageIO.read(model.resolve(Pix2PixHooks.gridName(2)).toFile());
    assertEquals(2 + 6 * (56 + 2), grid.getWidth());
  }

  @Test
  @Order(3)
  void translateGoesEitherWayAndKeepsTheOtherAttributes() throws Exception {
    String[] input = paths(dir.resolve("shards"));
    for (String direction : List.of("a2b", "b2a")) {
      String from = direction.equals("a2b") ? "light" : "dark";
      String to = direction.equals("a2b") ? "dark" : "light";
      Path out = dir.resolve("translated-" + direction);
      TranslateSummary summary = TranslateJob.run(spark, new TranslateOptions(dir.resolve("model").toString(),
          dir.resolve("shards").toString(), out.toString(), direction, false));
      assertEquals(COUNT, summary.dataRows());
      assertEquals(tones.get(from), summary.translated());
      assertEquals(COUNT - tones.get(from), summary.skipped());
      assertEquals("cyclegan", summary.modelKind());
      assertEquals(direction, summary.direction());
      assertEquals(from, summary.source());
      assertEquals(to, summary.target());
      Map<String, Row> sources = spark.read().parquet(input).where(functions.col("skin_tone").equalTo(from))
          .select("id", "hair_color", "glasses", "hat", "smile").collectAsList().stream()
          .collect(Collectors.toMap(r -> r.getString(0), r -> r));
      List<Row> rows = spark.read().parquet(paths(out.resolve("shards")))
          .select("translated_from", "skin_tone", "hair_color", "glasses", "hat", "smile", "classifier_skin_tone")
          .collectAsList();
      assertEquals(sources.keySet(), rows.stream().map(r -> r.getString(0)).collect(Collectors.toSet()));
      for (Row row : rows) {
        assertEquals(to, row.getString(1));
        Row source = sources.get(row.getString(0));
        for (int a = 1; a <= 4; a++) {
          assertEquals(source.getString(a), row.getString(a + 1));
        }
        assertTrue(Set.of("light", "medium", "dark").contains(row.getString(6)), row.getString(6));
      }
      double hits = rows.stream().filter(r -> r.getString(6).equals(to)).count() / (double) rows.size();
      assertEquals(hits, summary.targetRate(), 1e-3);
      // The classifier's reading of every other attribute, per translation, and the share that kept its input's.
      assertEquals(OTHERS, List.copyOf(summary.keptRates().keySet()));
      assertEquals(summary.keptRates().values().stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
          summary.keptRate(), 1e-12);
      assertTrue(summary.keptRates().values().stream().allMatch(r -> r >= 0 && r <= 1), summary.toString());
      Set<String> hairs = spark.read().parquet(input).select("hair_color").distinct().collectAsList().stream()
          .map(r -> r.getString(0)).collect(Collectors.toSet());
      for (Row row : spark.read().parquet(paths(out.resolve("shards"))).select("classifier_hair_color",
          "classifier_smile").collectAsList()) {
        assertTrue(hairs.contains(row.getString(0)), row.toString());
        assertTrue(Set.of("no", "yes").contains(row.getString(1)), row.toString());
      }
    }
  }

  @Test
  @Order(4)
  void resumeContinuesFromTheLastCheckpoint() throws Exception {
    CycleGanOptions more = options("model", null, null);
    TrainingSummary summary = CycleGanTraining.run(spark, more.withTrain(more.train().toBuilder().epochs(3)
        .resume(true).build())).summary();
    assertEquals(3, summary.epochs());
    assertEquals(3, summary.firstEpochThisRun());
    List<String> metrics = Files.readAllLines(dir.resolve("model").resolve("metrics.csv"));
    assertEquals(List.of("1", "2", "3"), metrics.subList(1, metrics.size()).stream().map(l -> l.split(",")[0])
        .toList());
  }

  @Test
  @Order(5)
  void keepTermsTrainTheirClassifierFirstAndResumeWithIt() throws Exception {
    CycleGanOptions keeping = options("keeping", "skin_tone=light", "skin_tone=dark").withKeepWeight(1);
    keeping = keeping.withTrain(keeping.train().toBuilder().epochs(1).build());
    CycleGanTraining.run(spark, keeping);
    Path model = dir.resolve("keeping");
    assertEquals("epoch,d_loss_a,d_loss_b,g_adv,cycle_l1,identity_l1,d_real_b,d_fake_b,keep_ce,examples,seconds,"
        + "examples_per_second", Files.readAllLines(model.resolve("metrics.csv")).get(0));
    double keepCe = Double.parseDouble(Files.readAllLines(model.resolve("metrics.csv")).get(1).split(",")[8]);
    assertTrue(keepCe > 0 && keepCe < 20, "keep cross-entropy " + keepCe);
    JsonNode summary = Json.MAPPER.readTree(model.resolve("summary.json").toFile());
    for (String key : List.of("keeper_kept_rate", "keeper_kept_rate_b2a")) {
      double rate = summary.path(key).asDouble(-1);
      assertTrue(rate >= 0 && rate <= 1, key + " " + summary.path(key));
    }
    TranslationFolder.Descriptor descriptor = TranslationFolder.readDescriptor(
        new org.apache.hadoop.fs.Path(model.toUri()), new Configuration(), "cyclegan");
    CycleGanConfig config = (CycleGanConfig) descriptor.config();
    assertEquals(1.0, config.keepWeight());
    CycleGanModel trained;
    try (java.io.InputStream in = Files.newInputStream(model.resolve("model.zip"))) {
      trained = CycleGanModel.read(config, in);
    }
    // The classifier in the model is the one trained before the first step, not a fresh network's weights.
    INDArray fresh = CycleGanModel.create(config).keeper().graph().params();
    assertTrue(trained.keeper().graph().params().sub(fresh).amaxNumber().doubleValue() > 1e-3);

    CycleGanTraining.run(spark, keeping.withTrain(keeping.train().toBuilder().epochs(2).resume(true).build()));
    CycleGanModel resumed;
    try (java.io.InputStream in = Files.newInputStream(model.resolve("model.zip"))) {
      resumed = CycleGanModel.read(config, in);
    }
    assertEquals(trained.keeper().graph().params(), resumed.keeper().graph().params(),
        "a resumed run keeps judging with the classifier it started with");
    assertTrue(resumed.generatorAb().params().sub(trained.generatorAb().params()).amaxNumber().doubleValue() > 0);
  }

  @Test
  @Order(6)
  void keepTermsNeedAnotherAttributeToKeep() throws Exception {
    // The same faces with skin tone as their only attribute: nothing is left for the keeping terms to keep.
    Path faces = dir.resolve("faces");
    Path toneOnly = Files.createDirectories(dir.resolve("faces-tone-only"));
    List<String> rows = new ArrayList<>();
    for (String line : Files.readAllLines(faces.resolve("attributes.csv"))) {
      String[] cells = line.split(",");
      rows.add(cells[0] + "," + cells[1]);
      if (!cells[0].equals("file")) {
        Files.copy(faces.resolve(cells[0]), toneOnly.resolve(cells[0]));
      }
    }
    assertEquals("file,skin_tone", rows.get(0));
    Files.write(toneOnly.resolve("attributes.csv"), rows);
    ShardJob.run(spark, ShardOptions.of(toneOnly.toString(), dir.resolve("shards-tone-only").toString())
        .withSize(28));
    CycleGanOptions keeping = options("tone-only", "skin_tone=light", "skin_tone=dark").withKeepWeight(1);
    CycleGanOptions request = keeping.withTrain(keeping.train().toBuilder()
        .data(dir.resolve("shards-tone-only").toString()).build());
    String message = assertThrows(UsageException.class, () -> CycleGanTraining.run(spark, request)).getMessage();
    assertTrue(message.contains("--keep-weight") && message.contains("no other categorical attribute"), message);
    assertFalse(Files.exists(dir.resolve("tone-only").resolve("model.zip")), "no model was written");
  }

  @Test
  @Order(7)
  void badRequestsAreUsageErrors() {
    assertTrue(assertThrows(UsageException.class, () -> CycleGanTraining.run(spark, options("m1",
        "skin_tone=light", "hat=yes"))).getMessage().contains("different attributes"));
    String message = assertThrows(UsageException.class, () -> CycleGanTraining.run(spark, options("m2",
        "skin_tone=light", "skin_tone=purple"))).getMessage();
    assertTrue(message.contains("--domain-b") && message.contains("allowed: dark, light, medium"), message);
    message = assertThrows(UsageException.class, () -> CycleGanTraining.run(spark, options("m3", "tone=light",
        "skin_tone=dark"))).getMessage();
    assertTrue(message.contains("--domain-a") && message.contains("hair_color"), message);
    Map<String, List<String>> named = new java.util.LinkedHashMap<>();
    named.put("--domain-b", List.of("train", "--model", "cyclegan", "--data", "x", "--out", "y", "--domain-a",
        "skin_tone=light"));
    named.put("--source", List.of("train", "--model", "cyclegan", "--data", "x", "--out", "y", "--domain-a",
        "skin_tone=light", "--domain-b", "skin_tone=dark", "--source", "glasses=no"));
    named.put("--cycle-weight", List.of("train", "--model", "gan", "--data", "x", "--out", "y", "--cycle-weight",
        "3"));
    named.put("--identity-weight", List.of("train", "--model", "cyclegan", "--data", "x", "--out", "y",
        "--domain-a", "skin_tone=light", "--domain-b", "skin_tone=dark", "--identity-weight", "-1"));
    named.put("--keep-weight", List.of("train", "--model", "pix2pix", "--data", "x", "--out", "y", "--source",
        "glasses=no", "--target", "glasses=yes", "--keep-weight", "1"));
    Cli.Run negative = Cli.run(List.of("train", "--model", "cyclegan", "--data", "x", "--out", "y", "--domain-a",
        "skin_tone=light", "--domain-b", "skin_tone=dark", "--keep-weight", "-0.5"));
    assertEquals(2, negative.code(), negative.toString());
    assertTrue(negative.err().contains("--keep-weight"), negative.toString());
    named.put("--direction", List.of("translate", "--model", "x", "--data", "y", "--out", "z", "--direction",
        "sideways"));
    for (Map.Entry<String, List<String>> request : named.entrySet()) {
      Cli.Run run = Cli.run(request.getValue());
      assertEquals(2, run.code(), run.toString());
      assertTrue(run.err().contains(request.getKey()), request.getKey() + ": " + run);
    }
  }
}
