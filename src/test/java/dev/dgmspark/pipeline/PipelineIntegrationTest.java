package dev.dgmspark.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dgmspark.debias.Combine;
import dev.dgmspark.debias.DebiasSummary;
import dev.dgmspark.debias.DensityEstimator;
import dev.dgmspark.debias.spark.DebiasJob;
import dev.dgmspark.debias.spark.DebiasOptions;
import dev.dgmspark.encode.EncodeJob;
import dev.dgmspark.encode.EncodeOptions;
import dev.dgmspark.io.Json;
import dev.dgmspark.common.ModelKind;
import dev.dgmspark.shard.ShardJob;
import dev.dgmspark.shard.ShardOptions;
import dev.dgmspark.synth.TargetShares;
import dev.dgmspark.synth.SynthGenerator;
import dev.dgmspark.synth.SynthRequest;
import dev.dgmspark.testing.SharedSpark;
import dev.dgmspark.testing.SummaryKeys;
import dev.dgmspark.train.TrainOptions;
import dev.dgmspark.vae.Likelihood;
import dev.dgmspark.train.VaeTraining;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * synth -> shard -> train (a few batches) -> encode -> debias in local[2], checking every output's schema and
 * counts, the debias determinism, and that the rare attribute value's share goes up; then a stopped training run
 * resumed from its checkpoint.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineIntegrationTest extends SharedSpark {
  private static final int COUNT = 400;
  private static final int LATENT = 6;
  @TempDir static Path dir;

  @BeforeAll
  static void shardSyntheticFaces() throws Exception {
    new SynthGenerator().generate(SynthRequest.of(new org.apache.hadoop.fs.Path(dir.resolve("faces").toUri()), COUNT)
        .withSeed(5).withSize(28).withShares(TargetShares.defaults().withSpec("skin_tone=dark:0.05"))
        .withConf(new Configuration()));
    ShardJob.run(spark, ShardOptions.of(dir.resolve("faces").toString(), dir.resolve("shards").toString())
        .withSize(28));
  }

  private static String path(String name) {
    return dir.resolve(name).toString();
  }

  private static JsonNode json(String file) throws Exception {
    return Json.MAPPER.readTree(dir.resolve(file).toFile());
  }

  @Test
  @Order(1)
  void trainWritesCheckpointsMetricsPictureAndSummary() throws Exception {
    // Learning rate 0.001, not the Gaussian default 0.003: the debias test below reads the latents of these eight
    // steps, and at 0.003 they no longer set the dark skin apart for the histogram estimator (seed 9: 0.05 -> 0.05).
    VaeTraining.run(spark, TrainOptions.of(ModelKind.VAE, path("shards"), path("model")).withEpochs(2)
        .withMaxBatches(4).withBatchSize(32).withLatentDim(LATENT).withAveragingFrequency(2).withLearningRate(1e-3)
        .toBuilder().likelihood(Likelihood.GAUSSIAN).build());
    assertTrue(Files.exists(dir.resolve("model/checkpoints/epoch-0001.zip")));
    assertTrue(Files.exists(dir.resolve("model/checkpoints/epoch-0002.zip")));
    assertTrue(Files.exists(dir.resolve("model/model.zip")));
    assertFalse(Files.exists(dir.resolve("model/batches")), "exported batches are removed at the end");
    List<String> metrics = Files.readAllLines(dir.resolve("model/metrics.csv"));
    assertEquals("epoch,loss,reconstruction,kl,train_score,examples,seconds,examples_per_second", metrics.get(0));
    assertEquals(3, metrics.size());
    assertTrue(metrics.get(1).startsWith("1,") && metrics.get(2).startsWith("2,"));
    // --max-batches 4 of 32/2 workers = 16 images: at most 64 examples (a partition's last batch may be smaller).
    int examples = Integer.parseInt(metrics.get(1).split(",")[5]);
    assertTrue(examples > 3 * 16 && examples <= 64, "examples in epoch 1: " + examples);
    var grid = ImageIO.read(dir.resolve("model/recon.png").toFile());
    assertNotNull(grid);
    assertTrue(grid.getWidth() > 8 * 28 && grid.getHeight() > 2 * 28);
    JsonNode summary = json("model/summary.json");
    assertEquals("vae", summary.path("model").asText());
    assertEquals(64, summary.path("data_index_sha256").asText().length());
    // The Gaussian decoder's negative log-likelihood can be below zero: finite is what holds for any data.
    assertTrue(Double.isFinite(summary.path("final_loss").asDouble()) && summary.has("final_loss"));
    assertEquals("gaussian", json("model/model.json").path("likelihood").asText());
    double variance = json("model/model.json").path("reconstruction_variance").asDouble();
    assertTrue(variance > 0 && variance < 0.25, "a pixel variance of [0, 1] values: " + variance);
    assertEquals(variance, summary.path("reconstruction_variance").asDouble(), 1e-6);
    assertEquals(LATENT, json("model/model.json").path("latent_dim").asInt());
    assertEquals("averaging", summary.path("trainer").asText());
    assertTrue(summary.path("held_out_minibatches").asInt() >= 1, "some minibatches are held out for the figures");
    // The synthetic faces carry five attributes: the reconstruction figures cover each of them.
    for (String attribute : List.of("skin_tone", "hair_color", "glasses", "hat", "smile")) {
      double original = summary.path("attribute_accuracy").path(attribute).asDouble(-1);
      double reconstructed = summary.path("recon_attribute_accuracy").path(attribute).asDouble(-1);
      assertTrue(original >= 0 && original <= 1 && reconstructed >= 0 && reconstructed <= 1, summary.toString());
    }
    double ratio = summary.path("recon_attribute_accuracy_ratio").asDouble(-1);
    assertTrue(ratio >= 0, summary.toString());
    assertTrue(summary.path("reconstruction_vs_mean_image").asDouble() > 0);
  }

  @Test
  @Order(7)
  void theDl4jSparkTrainerTrainsThroughParameterAveragingTrainingMaster() throws Exception {
    VaeTraining.run(spark, TrainOptions.of(ModelKind.VAE, path("shards"), path("dl4j")).toBuilder().epochs(2)
        .maxBatches(4).batchSize(32).latentDim(LATENT).averagingFrequency(2)
        .trainer(dev.dgmspark.engine.TrainerKind.DL4J_SPARK).build());
    JsonNode summary = json("dl4j/summary.json");
    assertEquals("dl4j-spark", summary.path("trainer").asText());
    List<String> metrics = Files.readAllLines(dir.resolve("dl4j/metrics.csv"));
    assertEquals(3, metrics.size());
    double score = Double.parseDouble(metrics.get(2).split(",")[4]);
    assertTrue(Double.isFinite(score) && score != 0, "the workers' minibatch score: " + metrics.get(2));
    int examples = Integer.parseInt(metrics.get(2).split(",")[5]);
    assertTrue(examples > 3 * 16 && examples <= 64, "examples in epoch 2: " + examples);
    // The final model is a trained network, not the initial one.
    var trained = dev.dgmspark.vae.VaeFolder.loadNetwork(new org.apache.hadoop.fs.Path(dir.resolve("dl4j").toUri()),
        new org.apache.hadoop.conf.Configuration());
    var initial = dev.dgmspark.vae.VaeNetwork.build(dev.dgmspark.vae.VaeFolder.readConfig(
        new org.apache.hadoop.fs.Path(dir.resolve("dl4j").toUri()), new org.apache.hadoop.conf.Configuration()));
    assertTrue(trained.params().sub(initial.params()).amaxNumber().doubleValue() > 1e-4);
  }

  @Test
  @Order(2)
  void encodeWritesOneLatentRowPerImage() throws Exception {
    EncodeJob.run(spark, EncodeOptions.of(path("shards"), path("model"), path("encoded")).withBatchSize(64));
    Dataset<Row> latents = spark.read().parquet(path("encoded/latents"));
    StructType schema = latents.schema();
    assertEquals(DataTypes.StringType, schema.apply("id").dataType());
    assertEquals(DataTypes.FloatType, ((ArrayType) schema.apply("mu").dataType()).elementType());
    assertEquals(DataTypes.FloatType, ((ArrayType) schema.apply("logvar").dataType()).elementType());
    assertEquals(DataTypes.DoubleType, schema.apply("recon_error").dataType());
    assertEquals(COUNT, latents.count());
    assertEquals(COUNT, latents.select("id").distinct().count());
    Row first = latents.first();
    assertEquals(LATENT, first.getList(1).size());
    assertEquals(LATENT, first.getList(2).size());
    assertTrue(Double.isFinite(first.getDouble(3)));
    assertTrue(latents.select("recon_error").distinct().count() > COUNT / 2, "each image has its own error");
    Dataset<Row> ids = spark.read().parquet(path("shards/shards")).select("id");
    assertEquals(0, latents.select("id").except(ids).count(), "every latent row is a shard row");
  }

  @Test
  @Order(3)
  void encodeSummaryJsonHasTheDocumentedKeys() throws Exception {
    // The keys summary.json had before summaries became typed (EncodeJob.run and encode).
    List<String> expected = SummaryKeys.withProvenance(List.of("job", "data", "model", "latents", "rows",
        "latent_dim", "seconds", "rows_per_second"), List.of("data", "model", "out", "batch_size", "overwrite"));
    JsonNode summary = json("encoded/summary.json");
    assertEquals(expected, SummaryKeys.of(summary, Set.of()));
    assertEquals(COUNT, summary.path("rows").asInt());
    assertEquals(LATENT, summary.path("latent_dim").asInt());
    assertEquals(64, summary.path("provenance").path("options").path("batch_size").asInt());
  }

  @Test
  @Order(4)
  void debiasWritesManifestWeightsAndSharesAndRaisesTheRareValue() throws Exception {
    DebiasOptions options = DebiasOptions.of(path("shards"), path("debias")).withLatents(path("encoded"))
        .withEstimator(DensityEstimator.HISTOGRAM).withAlpha(0.001).withBins(10).withCombine(Combine.MAX)
        .withSeed(9);
    DebiasJob.run(spark, options);
    Dataset<Row> manifest = spark.read().parquet(path("debias/manifest.parquet"));
    assertEquals(List.of("id", "path", "weight", "count"), List.of(manifest.schema().fieldNames()));
    assertEquals(COUNT, manifest.agg(functions.sum("count")).first().getLong(0), "draws as many rows as the input");
    List<String> jsonl = Files.readAllLines(dir.resolve("debias/manifest.jsonl"));
    assertEquals(manifest.count(), jsonl.size());
    JsonNode line = Json.MAPPER.readTree(jsonl.get(0));
    for (String field : new String[] {"id", "path", "weight", "count"}) {
      assertTrue(line.has(field), "manifest.jsonl has " + field);
    }
    Dataset<Row> weights = spark.read().parquet(path("debias/weights.parquet"));
    assertEquals(COUNT, weights.count());
    assertEquals(1.0, weights.agg(functions.avg("weight")).first().getDouble(0), 1e-9, "weights average 1");
    assertEquals(1.0, weights.agg(functions.sum("probability")).first().getDouble(0), 1e-9);

    JsonNode summary = json("debias/summary.json");
    assertEquals("histogram", summary.path("estimator").asText());
    assertEquals("latent", summary.path("features").asText());
    assertEquals(0.001, summary.path("alpha").asDouble());
    assertEquals(10, summary.path("bins").asInt());
    assertEquals("max", summary.path("combine").asText());
    assertEquals(9, summary.path("seed").asInt());
    assertEquals(COUNT, summary.path("input_rows").asInt());
    assertEquals(COUNT, summary.path("output_rows").asInt());
    double ess = summary.path("effective_sample_size").asDouble();
    assertTrue(ess > 1 && ess <= COUNT, "effective sample size " + ess);
    JsonNode dark = summary.path("attribute_shares").path("skin_tone").path("dark");
    double before = dark.path("before").asDouble();
    double after = dark.path("after").asDouble();
    long darkRows = spark.read().parquet(path("shards/shards")).filter("skin_tone = 'dark'").count();
    assertEquals((double) darkRows / COUNT, before, 1e-6, "share before is the share of input rows");
    assertTrue(after > before, "the rare value's share goes up: " + before + " -> " + after);
    double sharesAfter = 0;
    for (var it = summary.path("attribute_shares").path("skin_tone").elements(); it.hasNext(); ) {
      sharesAfter += it.next().path("after").asDouble();
    }
    assertEquals(1.0, sharesAfter, 1e-5, "shares after sum to 1");
    String report = Files.readString(dir.resolve("debias/report.html"));
    assertTrue(report.contains("skin_tone = dark") && report.contains("data:image/png;base64,"), "report.html");
  }

  @Test
  @Order(5)
  void debiasSummaryJsonHasTheDocumentedKeys() throws Exception {
    // The README's debias section: a histogram run writes no knn object (DebiasKnnJobTest pins a k-NN run's keys).
    List<String> expected = SummaryKeys.withProvenance(SummaryKeys.debias(List.of()), SummaryKeys.DEBIAS_OPTIONS);
    JsonNode summary = json("debias/summary.json");
    assertEquals(expected, SummaryKeys.of(summary, Set.of("attribute_shares", "attribute_shares.*")));
    assertEquals(List.of("glasses", "hair_color", "hat", "skin_tone", "smile"),
        iterable(summary.path("attribute_shares").fieldNames()), "attributes in sorted order");
    assertEquals("max", summary.path("provenance").path("options").path("combine").asText());
    assertEquals("histogram", summary.path("provenance").path("options").path("estimator").asText());
    assertEquals("latent", summary.path("provenance").path("options").path("features").asText());
    assertTrue(summary.path("provenance").path("options").path("model").isNull());
  }

  private static List<String> iterable(java.util.Iterator<String> names) {
    List<String> list = new java.util.ArrayList<>();
    names.forEachRemaining(list::add);
    return list;
  }

  @Test
  @Order(6)
  void debiasIsDeterministicForASeedAndChangesWithIt() throws Exception {
    DebiasJob.run(spark, DebiasOptions.of(path("shards"), path("debias-again")).withLatents(path("encoded"))
        .withEstimator(DensityEstimator.HISTOGRAM).withCombine(Combine.MAX).withSeed(9));
    DebiasJob.run(spark, DebiasOptions.of(path("shards"), path("debias-other")).withLatents(path("encoded"))
        .withEstimator(DensityEstimator.HISTOGRAM).withCombine(Combine.MAX).withSeed(10));
    String first = manifestText("debias");
    assertEquals(first, manifestText("debias-again"));
    assertEquals(Files.readAllLines(dir.resolve("debias/manifest.jsonl")),
        Files.readAllLines(dir.resolve("debias-again/manifest.jsonl")));
    assertNotEquals(first, manifestText("debias-other"));
  }

  @Test
  @Order(7)
  void debiasWithTheProductWeightsAndAGivenSizeDrawsThatManyRowsByThePapersFormula() throws Exception {
    DebiasSummary summary = DebiasJob.run(spark, DebiasOptions.of(path("shards"), path("debias-product"))
        .withLatents(path("encoded")).withEstimator(DensityEstimator.HISTOGRAM).withCombine(Combine.PRODUCT)
        .withSize(1000).withSeed(3));
    assertEquals("product", summary.combine());
    assertEquals(1000, summary.outputRows());
    assertEquals(COUNT, summary.inputRows());
    Dataset<Row> manifest = spark.read().parquet(path("debias-product/manifest.parquet"));
    assertEquals(1000, manifest.agg(functions.sum("count")).first().getLong(0), "--size rows drawn");
    assertEquals(summary.distinctRowsDrawn(), manifest.count());
    assertEquals(0, manifest.filter("count < 1").count());
    assertEquals(1000, Files.readAllLines(dir.resolve("debias-product/manifest.jsonl")).stream()
        .mapToLong(l -> readTree(l).path("count").asLong()).sum());
    JsonNode written = json("debias-product/summary.json");
    assertEquals("product", written.path("combine").asText());
    assertEquals(1000, written.path("output_rows").asLong());
    assertEquals(1000, written.path("provenance").path("options").path("size").asLong());

    // The weights, recomputed here from the latents with numpy's histogram convention (10 equal bins between each
    // dimension's min and max, density = count / (rows * width)): W proportional to prod_i 1 / (Q_i(mu_i) + alpha),
    // scaled to average 1.
    List<Row> latents = spark.read().parquet(path("encoded/latents")).select("id", "mu").collectAsList();
    int dims = latents.get(0).getList(1).size();
    double[][] mu = new double[latents.size()][dims];
    for (int r = 0; r < mu.length; r++) {
      List<Object> values = latents.get(r).getList(1);
      for (int d = 0; d < dims; d++) {
        mu[r][d] = ((Number) values.get(d)).doubleValue();
      }
    }
    int bins = 10;
    double[] logW = new double[mu.length];
    for (int d = 0; d < dims; d++) {
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (double[] row : mu) {
        min = Math.min(min, row[d]);
        max = Math.max(max, row[d]);
      }
      double width = (max - min) / bins;
      int[] bin = new int[mu.length];
      long[] counts = new long[bins];
      for (int r = 0; r < mu.length; r++) {
        // The last bin whose left edge (min + k * width, as numpy's linspace) is at most the value.
        int k = Math.min(bins - 1, (int) Math.floor((mu[r][d] - min) / width));
        while (k > 0 && mu[r][d] < k * width + min) {
          k--;
        }
        while (k < bins - 1 && mu[r][d] >= (k + 1) * width + min) {
          k++;
        }
        bin[r] = k;
        counts[bin[r]]++;
      }
      for (int r = 0; r < mu.length; r++) {
        logW[r] -= Math.log(counts[bin[r]] / (mu.length * width) + 0.001);
      }
    }
    double maxLog = java.util.Arrays.stream(logW).max().getAsDouble();
    double sum = 0;
    for (double l : logW) {
      sum += Math.exp(l - maxLog);
    }
    java.util.Map<String, Double> expected = new java.util.HashMap<>();
    for (int r = 0; r < mu.length; r++) {
      expected.put(latents.get(r).getString(0), Math.exp(logW[r] - maxLog) * mu.length / sum);
    }
    double squares = 0;
    for (Row row : spark.read().parquet(path("debias-product/weights.parquet")).select("id", "weight")
        .collectAsList()) {
      double want = expected.get(row.getString(0));
      assertEquals(want, row.getDouble(1), 1e-6 * Math.max(1, want), "weight of " + row.getString(0));
      squares += want * want;
    }
    // Effective sample size (sum w)^2 / sum w^2, with sum w = rows as the weights average 1.
    assertEquals((double) COUNT * COUNT / squares, summary.effectiveSampleSize(), 0.051);
  }

  private static JsonNode readTree(String line) {
    try {
      return Json.MAPPER.readTree(line);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String manifestText(String folder) {
    return spark.read().parquet(path(folder + "/manifest.parquet")).orderBy("id").collectAsList().stream()
        .map(Row::toString).collect(Collectors.joining("\n"));
  }

  @Test
  @Order(8)
  void aStoppedTrainingRunResumesFromItsLastCheckpoint() throws Exception {
    TrainOptions options = TrainOptions.of(ModelKind.AE, path("shards"), path("resumed")).withMaxBatches(2)
        .withBatchSize(32).withLatentDim(LATENT);
    VaeTraining.run(spark, options.withEpochs(1));
    // A run stopped after its first checkpoint: no final model, no summary.
    Files.delete(dir.resolve("resumed/summary.json"));
    Files.delete(dir.resolve("resumed/model.zip"));
    byte[] firstCheckpoint = Files.readAllBytes(dir.resolve("resumed/checkpoints/epoch-0001.zip"));
    String firstMetrics = Files.readAllLines(dir.resolve("resumed/metrics.csv")).get(1);

    VaeTraining.run(spark, options.withEpochs(3).withResume(true));
    JsonNode summary = json("resumed/summary.json");
    assertEquals(2, summary.path("first_epoch_this_run").asInt(), "continues after epoch 1, not from scratch");
    int examples = summary.path("examples_trained_this_run").asInt();
    assertTrue(examples > 2 * 16 && examples <= 2 * 32, "two epochs of 2 batches of at most 16: " + examples);
    List<String> metrics = Files.readAllLines(dir.resolve("resumed/metrics.csv"));
    assertEquals(4, metrics.size());
    assertEquals(firstMetrics, metrics.get(1), "epoch 1 is kept as it was");
    assertTrue(metrics.get(3).startsWith("3,"));
    assertTrue(java.util.Arrays.equals(firstCheckpoint,
        Files.readAllBytes(dir.resolve("resumed/checkpoints/epoch-0001.zip"))), "old checkpoints untouched");
    assertTrue(Files.exists(dir.resolve("resumed/checkpoints/epoch-0003.zip")));
    assertTrue(Files.exists(dir.resolve("resumed/model.zip")));
  }

  @Test
  @Order(9)
  void aRunStoppedBeforeItsCheckpointTrainsThatEpochAgainWithoutADuplicateRow() throws Exception {
    TrainOptions options = TrainOptions.of(ModelKind.AE, path("shards"), path("stopped")).withMaxBatches(1)
        .withBatchSize(32).withLatentDim(LATENT);
    VaeTraining.run(spark, options.withEpochs(2));
    // Stopped after epoch 2's metrics row was written but before its checkpoint.
    Files.delete(dir.resolve("stopped/summary.json"));
    Files.delete(dir.resolve("stopped/model.zip"));
    Files.delete(dir.resolve("stopped/checkpoints/epoch-0002.zip"));
    assertEquals(3, Files.readAllLines(dir.resolve("stopped/metrics.csv")).size(), "rows of epochs 1 and 2");

    VaeTraining.run(spark, options.withEpochs(3).withResume(true));
    assertEquals(2, json("stopped/summary.json").path("first_epoch_this_run").asInt());
    List<String> epochs = Files.readAllLines(dir.resolve("stopped/metrics.csv")).stream().skip(1)
        .map(row -> row.substring(0, row.indexOf(','))).toList();
    assertEquals(List.of("1", "2", "3"), epochs);
  }
}
