package dev.dgmspark.outliers.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dgmspark.common.ModelKind;
import dev.dgmspark.common.UsageException;
import dev.dgmspark.engine.ModelFolder;
import dev.dgmspark.io.Json;
import dev.dgmspark.io.Storage;
import dev.dgmspark.minibatch.ImagePixels;
import dev.dgmspark.outliers.OutliersOptions;
import dev.dgmspark.outliers.OutliersSummary;
import dev.dgmspark.shard.ShardJob;
import dev.dgmspark.shard.ShardOptions;
import dev.dgmspark.synth.SynthGenerator;
import dev.dgmspark.synth.SynthRequest;
import dev.dgmspark.synth.TargetShares;
import dev.dgmspark.testing.SharedSpark;
import dev.dgmspark.testing.SummaryKeys;
import dev.dgmspark.vae.VaeConfig;
import dev.dgmspark.vae.VaeFolder;
import dev.dgmspark.vae.VaeModel;
import dev.dgmspark.vae.VaeNetwork;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
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
 * The outliers job in local[2] on shards of synthetic faces and hand-made latents: the dark-skinned faces are the
 * planted outliers, a third of them with a latent far from everyone (rare), a third with a high reconstruction error,
 * the rest with both; the others form one Gaussian cluster with ordinary errors. Reconstruction errors are the image's
 * own Bernoulli floor (its pixel entropy, computed here by hand) plus a chosen excess. Checks the ranking by each
 * component and by both, the components against the summary's scales, the output files and summary keys, and the
 * encoding path with a tiny VAE.
 */
class OutliersJobTest extends SharedSpark {
  private static final int COUNT = 60;
  private static final int DIMS = 2;
  private static final int K = 5;
  @TempDir static Path dir;
  private static final Set<String> rare = new TreeSet<>();
  private static final Set<String> badlyReconstructed = new TreeSet<>();
  private static final Set<String> planted = new TreeSet<>();
  private static final java.util.Map<String, Double> recon = new java.util.HashMap<>();
  private static final java.util.Map<String, Double> excess = new java.util.HashMap<>();
  private static OutliersSummary reconOnly;
  private static OutliersSummary both;

  @BeforeAll
  static void shardsAndLatents() throws Exception {
    Configuration conf = new Configuration();
    VaeConfig config = new VaeConfig(ModelKind.VAE, 28, 3, 2, 1.0, 1e-3, 3);
    org.apache.hadoop.fs.Path model = new org.apache.hadoop.fs.Path(dir.resolve("vae").toUri());
    Storage.writeAtomically(new org.apache.hadoop.fs.Path(model, ModelFolder.DESCRIPTOR),
        Json.pretty(VaeFolder.descriptor(config, "0".repeat(64), 1, null)), conf);
    Storage.writeAtomically(new org.apache.hadoop.fs.Path(model, ModelFolder.MODEL), conf,
        new VaeModel(VaeNetwork.build(config))::write);
    new SynthGenerator().generate(SynthRequest.of(new org.apache.hadoop.fs.Path(dir.resolve("faces").toUri()), COUNT)
        .withSeed(4).withSize(28).withShares(TargetShares.defaults().withSpec("skin_tone=dark:0.1"))
        .withConf(conf));
    ShardJob.run(spark, ShardOptions.of(dir.resolve("faces").toString(), dir.resolve("shards").toString())
        .withSize(28));
    List<Row> shardRows = spark.read().parquet(dir.resolve("shards/shards").toString())
        .select("id", "skin_tone", "image.bytes").orderBy("id").collectAsList();
    List<String> dark = new ArrayList<>();
    shardRows.stream().filter(r -> "dark".equals(r.getString(1))).forEach(r -> dark.add(r.getString(0)));
    assertTrue(dark.size() >= 3, "the faces need at least 3 dark-skinned ones: " + dark.size());
    int third = dark.size() / 3;
    rare.addAll(dark.subList(0, third));
    badlyReconstructed.addAll(dark.subList(third, 2 * third));
    rare.addAll(dark.subList(2 * third, dark.size()));
    badlyReconstructed.addAll(dark.subList(2 * third, dark.size()));
    planted.addAll(dark);

    Random random = new Random(9);
    List<Row> latents = new ArrayList<>();
    int far = 0;
    for (Row r : shardRows) {
      String id = r.getString(0);
      List<Float> mu = new ArrayList<>();
      if (rare.contains(id)) {
        // Each rare latent alone, 30 away from the cluster in its own direction: its k-th neighbour is far.
        double angle = 2 * Math.PI * far++ / 8;
        mu.add((float) (30 * Math.cos(angle)));
        mu.add((float) (30 * Math.sin(angle)));
      } else {
        for (int j = 0; j < DIMS; j++) {
          mu.add((float) random.nextGaussian());
        }
      }
      double extra = badlyReconstructed.contains(id) ? 160 + random.nextDouble() : 100 + random.nextGaussian();
      double error = bernoulliEntropy(r.getAs(2)) + extra;
      recon.put(id, error);
      excess.put(id, extra);
      latents.add(RowFactory.create(id, mu, null, error));
    }
    StructType schema = new StructType().add("id", DataTypes.StringType)
        .add("mu", DataTypes.createArrayType(DataTypes.FloatType))
        .add("logvar", DataTypes.createArrayType(DataTypes.FloatType)).add("recon_error", DataTypes.DoubleType);
    spark.createDataFrame(latents, schema).repartition(3).write().parquet(dir.resolve("latents").toString());
    reconOnly = run("recon-only", 1);
    both = run("both", 0.5);
  }

  /** −Σ [x log x + (1 − x) log(1 − x)] over the pixels in [0, 1], each clipped to [1e-7, 1 − 1e-7] in the logs. */
  private static double bernoulliEntropy(byte[] png) {
    byte[] pixels = new byte[28 * 28 * 3];
    ImagePixels.decodeInto(png, 3, 28, pixels, 0);
    double sum = 0;
    for (byte b : pixels) {
      double x = (b & 0xff) / 255.0;
      double p = Math.min(Math.max(x, 1e-7), 1 - 1e-7);
      sum -= x * Math.log(p) + (1 - x) * Math.log(1 - p);
    }
    return sum;
  }

  private static String path(String name) {
    return dir.resolve(name).toString();
  }

  private static OutliersSummary run(String out, double reconWeight) throws Exception {
    return OutliersJob.run(spark, OutliersOptions.of(path("shards"), path("vae"), path(out))
        .withLatents(path("latents"))
        .withTop(planted.size()).withK(K).withReconWeight(reconWeight));
  }

  private static Set<String> topIds(OutliersSummary summary) {
    Set<String> ids = new HashSet<>();
    summary.topImages().forEach(o -> ids.add(o.id()));
    return ids;
  }

  @Test
  void eachComponentFindsItsOwnOutliersAndBothFindAll() throws Exception {
    Set<String> expectedRecon = new HashSet<>(badlyReconstructed);
    Set<String> reconTop = topIds(reconOnly);
    assertTrue(reconTop.containsAll(expectedRecon), "reconstruction alone ranks the badly reconstructed first: "
        + reconTop);
    for (OutliersSummary.Outlier o : reconOnly.topImages().subList(0, expectedRecon.size())) {
      assertTrue(expectedRecon.contains(o.id()), "rank " + o.rank() + " is " + o.id());
    }

    // Density alone (--recon-weight 0) ranks by the density score: the rare latents come first.
    List<Row> byDensity = spark.read().parquet(path("both/outliers.parquet"))
        .orderBy(org.apache.spark.sql.functions.col("density_score").desc()).limit(rare.size()).collectAsList();
    for (Row r : byDensity) {
      assertTrue(rare.contains(r.<String>getAs("id")), "by density, " + r.getAs("id") + " is not a rare latent");
    }

    assertEquals(planted, new TreeSet<>(topIds(both)), "both components: precision at k = 1");
    OutliersSummary.ValueShare darkShare = both.attributeShares().get("skin_tone").get("dark");
    assertEquals(planted.size(), darkShare.rows());
    assertEquals(planted.size(), darkShare.inTop());
    assertEquals(1.0, darkShare.topShare());
    assertEquals((double) planted.size() / COUNT, darkShare.share(), 1e-6);
    // The rows with both problems score highest.
    Set<String> bothProblems = new HashSet<>(rare);
    bothProblems.retainAll(badlyReconstructed);
    for (OutliersSummary.Outlier o : both.topImages().subList(0, bothProblems.size())) {
      assertTrue(bothProblems.contains(o.id()), "rank " + o.rank() + " is " + o.id());
    }
  }

  @Test
  void theFilesHoldEveryImageByRankWithBothComponents() throws Exception {
    OutliersSummary summary = both;
    List<Row> rows = spark.read().parquet(path("both/outliers.parquet")).orderBy("rank").collectAsList();
    assertEquals(COUNT, rows.size());
    Set<String> ids = new HashSet<>();
    double previous = Double.POSITIVE_INFINITY;
    double recon0 = summary.reconstructionScale().median();
    double reconDev = summary.reconstructionScale().interquartileRange() / 1.3489795003921634;
    double density0 = summary.densityScale().median();
    double densityDev = summary.densityScale().interquartileRange() / 1.3489795003921634;
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      assertEquals(i + 1, r.<Long>getAs("rank"));
      ids.add(r.getAs("id"));
      double score = r.getAs("score");
      assertTrue(score <= previous, "scores descend with rank");
      previous = score;
      double reconError = r.getAs("recon_error");
      double reconExcess = r.getAs("recon_excess");
      double logDensity = r.getAs("log_density");
      assertEquals(recon.get(r.<String>getAs("id")), reconError, 1e-9, "the latents' reconstruction error");
      assertEquals(excess.get(r.<String>getAs("id")), reconExcess, 0.05, "the error minus the image's entropy");
      assertEquals((reconExcess - recon0) / reconDev, r.<Double>getAs("recon_score"), 1e-9);
      assertEquals(-(logDensity - density0) / densityDev, r.<Double>getAs("density_score"), 1e-9);
      assertEquals(0.5 * r.<Double>getAs("recon_score") + 0.5 * r.<Double>getAs("density_score"), score, 1e-9);
      assertTrue(((String) r.getAs("path")).endsWith(".png"));
      if (rare.contains(r.<String>getAs("id"))) {
        assertTrue(logDensity < density0 - 3, "a lone latent 30 away is far rarer than the median: " + logDensity);
      }
    }
    assertEquals(COUNT, ids.size(), "every image once");

    List<String> lines = Files.readAllLines(dir.resolve("both/outliers.jsonl"));
    assertEquals(COUNT, lines.size());
    JsonNode first = Json.MAPPER.readTree(lines.get(0));
    assertEquals(1, first.path("rank").asLong());
    assertEquals(rows.get(0).<String>getAs("id"), first.path("id").asText());
    for (String key : List.of("id", "path", "score", "rank", "recon_error", "recon_excess", "log_density",
        "recon_score", "density_score")) {
      assertTrue(first.has(key), key + " in " + first);
    }
    assertEquals(COUNT, Json.MAPPER.readTree(lines.get(COUNT - 1)).path("rank").asLong(), "by rank");

    String report = Files.readString(dir.resolve("both/report.html"));
    assertEquals(planted.size(), report.split("<figure>", -1).length - 1, "one figure per top image");
    assertTrue(report.contains("skin_tone = dark"), "the attribute table");

    JsonNode json = Json.MAPPER.readTree(dir.resolve("both/summary.json").toFile());
    List<String> expected = SummaryKeys.withProvenance(List.of("job", "data", "model", "likelihood", "latents",
        "out", "rows",
        "rows_without_finite_scores", "latent_dims", "recon_weight", "top", "reconstruction_scale",
        "reconstruction_scale.median", "reconstruction_scale.interquartile_range", "density_scale",
        "density_scale.median", "density_scale.interquartile_range", "density", "density.k",
        "density.reference_size", "density.reference_capacity", "density.reference_seed",
        "density.exponent_dims_option", "density.estimated_intrinsic_dims", "density.exponent_dims",
        "density.mean_log_kth_distance", "density.sample_seconds", "density.fit_seconds",
        "density.distance_seconds", "top_images", "attribute_shares", "attribute_shares.*", "attribute_shares.*.*",
        "attribute_shares.*.*.rows", "attribute_shares.*.*.in_top", "attribute_shares.*.*.share",
        "attribute_shares.*.*.top_share", "seconds", "encode_seconds", "score_seconds"),
        List.of("data", "model", "latents", "out", "top", "recon_weight", "k", "reference_size", "density_dims",
            "seed", "overwrite"));
    assertEquals(expected, SummaryKeys.of(json, Set.of("attribute_shares", "attribute_shares.*")));
    assertEquals("outliers", json.path("job").asText());
    assertEquals("bernoulli", json.path("likelihood").asText());
    assertEquals(planted.size(), json.path("top_images").size());
    assertEquals(COUNT, json.path("density").path("reference_size").asInt(), "every row in the reference");
  }

  @Test
  void withAModelTheDataIsEncodedFirst() throws Exception {
    OutliersSummary summary = OutliersJob.run(spark, OutliersOptions.of(path("shards"), path("vae"),
        path("encoded")).withTop(5).withK(K));
    assertEquals(COUNT, summary.rows());
    assertEquals(0, summary.rowsWithoutFiniteScores());
    assertEquals(2, summary.latentDims());
    assertEquals(5, summary.topImages().size());
    assertTrue(summary.latents().endsWith("encoded/latents"), summary.latents());
    Dataset<Row> written = spark.read().parquet(path("encoded/latents"));
    assertEquals(COUNT, written.count());
    assertTrue(summary.reconstructionScale().median() > 0, "an untrained decoder reconstructs worse than perfectly");
    for (OutliersSummary.Outlier o : summary.topImages()) {
      assertTrue(o.reconExcess() > 0 && o.reconExcess() < o.reconError(), "0 < excess < error: " + o);
    }
  }

  @Test
  void latentsOfOtherDataAreAUsageErrorAndWriteNothing() throws Exception {
    spark.read().parquet(path("latents")).limit(10).write().parquet(path("short-latents"));
    UsageException e = assertThrows(UsageException.class, () -> OutliersJob.run(spark,
        OutliersOptions.of(path("shards"), path("vae"), path("mismatch")).withLatents(path("short-latents"))));
    assertTrue(e.getMessage().contains("10 rows") && e.getMessage().contains(COUNT + ""), e.getMessage());
    assertFalse(Files.exists(dir.resolve("mismatch/summary.json")));
    UsageException none = assertThrows(UsageException.class, () -> OutliersJob.run(spark,
        OutliersOptions.of(path("shards"), null, path("none")).withLatents(path("latents"))));
    assertTrue(none.getMessage().startsWith("--model is required"), none.getMessage());
    UsageException notModel = assertThrows(UsageException.class, () -> OutliersJob.run(spark,
        OutliersOptions.of(path("shards"), path("shards"), path("not-a-model"))));
    assertTrue(notModel.getMessage().startsWith("--model"), notModel.getMessage());
  }
}
