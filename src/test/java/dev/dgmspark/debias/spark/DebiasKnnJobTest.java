package dev.dgmspark.debias.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dgmspark.common.UsageException;
import dev.dgmspark.debias.Appearance;
import dev.dgmspark.debias.DensityEstimator;
import dev.dgmspark.debias.KnnSettings;
import dev.dgmspark.io.Json;
import dev.dgmspark.shard.ShardJob;
import dev.dgmspark.shard.ShardOptions;
import dev.dgmspark.synth.TargetShares;
import dev.dgmspark.synth.SynthGenerator;
import dev.dgmspark.synth.SynthRequest;
import dev.dgmspark.testing.SharedSpark;
import dev.dgmspark.testing.SummaryKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The debias job with the k-NN estimator in local[2], on shards of synthetic faces and hand-made latents in which the
 * rare skin tone is a separate small cluster: the same result from 1 and 4 input partitions, the rare value raised,
 * the summary's estimator fields, the report's weight plot, a bounded reference sample, and the pixel baseline.
 */
class DebiasKnnJobTest extends SharedSpark {
  private static final int COUNT = 300;
  private static final int DIMS = 6;
  @TempDir static Path dir;

  @BeforeAll
  static void shardsAndLatents() throws Exception {
    new SynthGenerator().generate(SynthRequest.of(new org.apache.hadoop.fs.Path(dir.resolve("faces").toUri()), COUNT)
        .withSeed(12).withSize(28).withShares(TargetShares.defaults().withSpec("skin_tone=dark:0.06"))
        .withConf(new Configuration()));
    ShardJob.run(spark, ShardOptions.of(dir.resolve("faces").toString(), dir.resolve("shards").toString())
        .withSize(28));
    // Latents: the dark-skinned rows form a small cluster as spread out as the big one, far from it.
    List<Row> shardRows = spark.read().parquet(dir.resolve("shards/shards").toString())
        .select("id", "skin_tone").collectAsList();
    List<Row> latents = new ArrayList<>();
    Random random = new Random(3);
    for (Row r : shardRows) {
      boolean dark = "dark".equals(r.getString(1));
      float[] mu = new float[DIMS];
      for (int j = 0; j < DIMS; j++) {
        mu[j] = (float) (random.nextGaussian() + (dark && j == 0 ? 12 : 0));
      }
      List<Float> list = new ArrayList<>();
      for (float v : mu) {
        list.add(v);
      }
      latents.add(RowFactory.create(r.getString(0), list));
    }
    StructType schema = new StructType().add("id", DataTypes.StringType)
        .add("mu", DataTypes.createArrayType(DataTypes.FloatType));
    Dataset<Row> frame = spark.createDataFrame(latents, schema);
    frame.coalesce(1).write().parquet(dir.resolve("latents-1").toString());
    frame.repartition(4).write().parquet(dir.resolve("latents-4").toString());
  }

  private static String path(String name) {
    return dir.resolve(name).toString();
  }

  private static DebiasOptions knn(String latents, String out, KnnSettings settings) {
    return DebiasOptions.of(path("shards"), path(out)).withLatents(path(latents)).withSeed(5)
        .withEstimator(DensityEstimator.KNN).withKnn(settings);
  }

  private static List<String> sortedLines(String folder, String... columns) {
    return spark.read().parquet(path(folder)).selectExpr(columns).collectAsList().stream().map(Row::toString)
        .sorted(Comparator.naturalOrder()).toList();
  }

  /**
   * Every row's weight is the same double: each row's k-NN weight is exact, and the mean-1 normalisation divides by
   * the exact sum of the quantised weights, not by a floating-point sum whose last bits depend on the order of
   * summation (which made a cluster rerun print different weights into the manifest).
   */
  private static void assertSameWeights(String a, String b) {
    java.util.Map<String, Double> first = new java.util.HashMap<>();
    spark.read().parquet(path(a + "/weights.parquet")).select("id", "weight").collectAsList()
        .forEach(r -> first.put(r.getString(0), r.getDouble(1)));
    List<Row> second = spark.read().parquet(path(b + "/weights.parquet")).select("id", "weight").collectAsList();
    assertEquals(first.size(), second.size());
    for (Row r : second) {
      double expected = first.get(r.getString(0));
      assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(r.getDouble(1)), r.getString(0));
    }
  }

  @Test
  void sameResultFromOneAndFourPartitionsAndTheRareClusterIsRaised() throws Exception {
    assertEquals(1, spark.read().parquet(path("latents-1")).javaRDD().getNumPartitions());
    assertTrue(spark.read().parquet(path("latents-4")).javaRDD().getNumPartitions() >= 2);
    KnnSettings settings = KnnSettings.defaults().withK(5).withGamma(1.0);
    DebiasJob.run(spark, knn("latents-1", "one", settings));
    DebiasJob.run(spark, knn("latents-4", "four", settings));
    assertSameWeights("one", "four");
    assertEquals(sortedLines("one/manifest.parquet", "id", "count"),
        sortedLines("four/manifest.parquet", "id", "count"));

    JsonNode summary = Json.MAPPER.readTree(dir.resolve("one/summary.json").toFile());
    // The README's debias section: a k-NN run's keys, its knn object included.
    assertEquals(SummaryKeys.withProvenance(SummaryKeys.debias(SummaryKeys.DEBIAS_KNN), SummaryKeys.DEBIAS_OPTIONS),
        SummaryKeys.of(summary, Set.of("attribute_shares", "attribute_shares.*")));
    assertEquals("knn", summary.path("estimator").asText());
    assertEquals("knn", summary.path("provenance").path("options").path("estimator").asText());
    assertEquals(5, summary.path("provenance").path("options").path("knn").path("k").asInt());
    assertEquals(settings.alpha(), summary.path("alpha").asDouble(), "the k-NN floor is the alpha used");
    assertEquals("latent", summary.path("features").asText());
    assertEquals(5, summary.path("knn").path("k").asInt());
    assertEquals(1.0, summary.path("knn").path("gamma").asDouble());
    assertEquals(COUNT, summary.path("knn").path("reference_size").asInt());
    assertEquals(settings.referenceSize(), summary.path("knn").path("reference_capacity").asInt());
    assertEquals(5, summary.path("knn").path("reference_seed").asLong());
    assertEquals(COUNT, summary.path("input_rows").asLong());
    assertEquals(COUNT, summary.path("output_rows").asLong());
    JsonNode dark = summary.path("attribute_shares").path("skin_tone").path("dark");
    double before = dark.path("before").asDouble();
    double after = dark.path("after").asDouble();
    assertTrue(before > 0.02 && before < 0.1, "dark share before " + before);
    // Two equally spread clusters, uniform over the occupied space: each gets about half the draws.
    assertTrue(after > 0.3, "dark share after " + after + " (before " + before + ")");
    // The weights average 1 over the input.
    double mean = spark.read().parquet(path("one/weights.parquet")).selectExpr("avg(weight)").first().getDouble(0);
    assertEquals(1.0, mean, 1e-9);

    String html = Files.readString(dir.resolve("one/report.html"), StandardCharsets.UTF_8);
    assertTrue(html.contains("k-nearest-neighbour density"), "report names the estimator");
    assertTrue(html.contains("alt=\"histogram of the weights\" src=\"data:image/png;base64,"), "weight plot");
  }

  @Test
  void theReferenceSampleIsBoundedAndSeeded() throws Exception {
    KnnSettings small = KnnSettings.defaults().withK(5).withReferenceSize(120);
    DebiasJob.run(spark, knn("latents-4", "small", small));
    DebiasJob.run(spark, knn("latents-1", "small-again", small));
    JsonNode summary = Json.MAPPER.readTree(dir.resolve("small/summary.json").toFile());
    assertEquals(120, summary.path("knn").path("reference_size").asInt());
    assertSameWeights("small", "small-again");
    assertEquals(sortedLines("small/manifest.parquet", "id", "count"),
        sortedLines("small-again/manifest.parquet", "id", "count"));
    // Another seed picks another reference sample, so other weights.
    DebiasJob.run(spark, DebiasOptions.of(path("shards"), path("small-seed")).withLatents(path("latents-4"))
        .withSeed(6).withEstimator(DensityEstimator.KNN).withKnn(small));
    assertTrue(!sortedLines("small/weights.parquet", "id", "weight").equals(
        sortedLines("small-seed/weights.parquet", "id", "weight")));
  }

  @Test
  void theMultiscaleDefaultIsPartitionIndependentHitsItsTargetAndRaisesTheRareCluster() throws Exception {
    DebiasJob.run(spark, DebiasOptions.of(path("shards"), path("multi-one")).withLatents(path("latents-1"))
        .withSeed(5));
    DebiasJob.run(spark, DebiasOptions.of(path("shards"), path("multi-four")).withLatents(path("latents-4"))
        .withSeed(5));
    assertSameWeights("multi-one", "multi-four");
    assertEquals(sortedLines("multi-one/manifest.parquet", "id", "count"),
        sortedLines("multi-four/manifest.parquet", "id", "count"));
    JsonNode summary = Json.MAPPER.readTree(dir.resolve("multi-one/summary.json").toFile());
    assertEquals(SummaryKeys.withProvenance(SummaryKeys.debias(List.of(), SummaryKeys.DEBIAS_MULTISCALE),
        SummaryKeys.DEBIAS_OPTIONS), SummaryKeys.of(summary, Set.of("attribute_shares", "attribute_shares.*")));
    assertEquals("multiscale", summary.path("estimator").asText());
    assertEquals("latent+appearance", summary.path("features").asText(), "the multiscale default's features");
    assertEquals(DIMS + Appearance.COMPONENTS, summary.path("latent_dims").asInt());
    JsonNode multi = summary.path("multiscale");
    assertEquals(0.01, multi.path("scales").get(0).asDouble());
    assertEquals(0.2, multi.path("scales").get(1).asDouble());
    assertEquals("[6,14]", multi.path("block_ends").toString(), "the latent means, then 8 appearance components");
    assertEquals("[[0.01,0.2],[0.01]]", multi.path("block_scales").toString(), "the appearance at the small scale");
    // k = round(share x 299 other reference rows), at least 2: the latent's two scales, then the appearance's one.
    assertEquals(3, multi.path("k").size());
    assertEquals(3, multi.path("k").get(0).asInt());
    assertEquals(60, multi.path("k").get(1).asInt());
    assertEquals(3, multi.path("k").get(2).asInt());
    assertEquals(COUNT, multi.path("scale_reference_rows").get(1).asInt(), "fewer rows than the 20% prefix");
    assertEquals(COUNT, multi.path("reference_size").asInt());
    // Every row is in the reference here, so the data's effective sample share is the calibrated one.
    assertEquals(0.2, multi.path("reference_effective_sample_fraction").asDouble(), 1e-3);
    assertEquals(0.2, summary.path("effective_sample_fraction").asDouble(), 1e-3);
    JsonNode dark = summary.path("attribute_shares").path("skin_tone").path("dark");
    assertTrue(dark.path("after").asDouble() > 3 * dark.path("before").asDouble(), dark.toString());
    String html = Files.readString(dir.resolve("multi-one/report.html"), StandardCharsets.UTF_8);
    assertTrue(html.contains("multiscale k-nearest-neighbour rarity"), "report names the estimator");
  }

  @Test
  void theLatentFeaturesAloneAndTheAppearanceAloneAreOneBlockEach() throws Exception {
    DebiasJob.run(spark, DebiasOptions.of(path("shards"), path("latent-only")).withLatents(path("latents-4"))
        .withSeed(5).withFeatures(FeatureSource.LATENT));
    JsonNode latent = Json.MAPPER.readTree(dir.resolve("latent-only/summary.json").toFile());
    assertEquals("latent", latent.path("features").asText());
    assertEquals("[6]", latent.path("multiscale").path("block_ends").toString());
    assertEquals(2, latent.path("multiscale").path("k").size());
    JsonNode dark = latent.path("attribute_shares").path("skin_tone").path("dark");
    assertTrue(dark.path("after").asDouble() > 3 * dark.path("before").asDouble(), dark.toString());

    DebiasJob.run(spark, DebiasOptions.of(path("shards"), path("appearance")).withSeed(5)
        .withFeatures(FeatureSource.APPEARANCE));
    JsonNode look = Json.MAPPER.readTree(dir.resolve("appearance/summary.json").toFile());
    assertEquals("appearance", look.path("features").asText());
    assertTrue(look.path("latents").isNull(), "no latents are read");
    assertEquals(Appearance.COMPONENTS, look.path("latent_dims").asInt());
    assertEquals(COUNT, spark.read().parquet(path("appearance/weights.parquet")).count());
  }

  @Test
  void latentAndAppearanceNeedTheMultiscaleEstimator() {
    DebiasOptions options = DebiasOptions.of(path("shards"), path("knn-both")).withLatents(path("latents-1"))
        .withEstimator(DensityEstimator.KNN).withFeatures(FeatureSource.LATENT_APPEARANCE);
    UsageException e = assertThrows(UsageException.class, () -> DebiasJob.run(spark, options));
    assertTrue(e.getMessage().contains("--estimator multiscale"), e.getMessage());
    assertEquals(FeatureSource.LATENT, DebiasOptions.of("d", "o").withEstimator(DensityEstimator.KNN).features(),
        "knn's default features are the latent means alone");
  }

  @Test
  void pixelFeaturesNeedNoModel() throws Exception {
    DebiasJob.run(spark, DebiasOptions.of(path("shards"), path("pixels")).withSeed(1)
        .withFeatures(FeatureSource.PIXELS));
    JsonNode summary = Json.MAPPER.readTree(dir.resolve("pixels/summary.json").toFile());
    assertEquals("pixels", summary.path("features").asText());
    assertTrue(summary.path("latents").isNull(), "no latents are read");
    assertEquals("pixels", summary.path("provenance").path("options").path("features").asText());
    assertEquals(28 * 28 * 3, summary.path("latent_dims").asInt());
    assertEquals(COUNT, spark.read().parquet(path("pixels/weights.parquet")).count());
    double ess = summary.path("effective_sample_size").asDouble();
    assertTrue(ess > 1 && ess <= COUNT, "ess " + ess);
  }
}
