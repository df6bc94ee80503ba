package dev.dgmspark.traverse.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import dev.dgmspark.minibatch.ImageBatchFile;
import dev.dgmspark.minibatch.ImagePixels;
import dev.dgmspark.shard.ShardJob;
import dev.dgmspark.shard.ShardOptions;
import dev.dgmspark.synth.SynthGenerator;
import dev.dgmspark.synth.SynthRequest;
import dev.dgmspark.testing.SharedSpark;
import dev.dgmspark.testing.SummaryKeys;
import dev.dgmspark.traverse.TraversalSummary;
import dev.dgmspark.traverse.TraverseOptions;
import dev.dgmspark.vae.ReconstructionLoss;
import dev.dgmspark.vae.Likelihood;
import dev.dgmspark.vae.VaeConfig;
import dev.dgmspark.vae.VaeFolder;
import dev.dgmspark.vae.VaeModel;
import dev.dgmspark.vae.VaeNetwork;
import dev.dgmspark.vae.VaeTerms;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code traverse} with a tiny untrained VAE saved the way {@code train} saves one, on a few synthetic faces: the grid's
 * shape, rows in order of change, the base point (an image's latent mean, or 0), the summary's keys and the usage
 * errors.
 */
class TraverseJobTest extends SharedSpark {
  private static final int SIZE = 28;
  private static final int LATENT = 3;
  @TempDir static Path dir;
  private static ComputationGraph net;
  private static VaeConfig config;

  @BeforeAll
  static void modelAndShards() throws Exception {
    config = new VaeConfig(ModelKind.VAE, SIZE, 3, LATENT, 1.0, 1e-3, 5);
    net = VaeNetwork.build(config);
    Configuration conf = new Configuration();
    org.apache.hadoop.fs.Path model = new org.apache.hadoop.fs.Path(dir.resolve("vae").toUri());
    Storage.writeAtomically(new org.apache.hadoop.fs.Path(model, ModelFolder.DESCRIPTOR),
        Json.pretty(VaeFolder.descriptor(config, "0".repeat(64), 1, null)), conf);
    Storage.writeAtomically(new org.apache.hadoop.fs.Path(model, ModelFolder.MODEL), conf, new VaeModel(net)::write);
    new SynthGenerator().generate(SynthRequest.of(new org.apache.hadoop.fs.Path(dir.resolve("faces").toUri()), 8)
        .withSeed(3).withSize(SIZE).withConf(conf));
    ShardJob.run(spark, ShardOptions.of(dir.resolve("faces").toString(), dir.resolve("shards").toString())
        .withSize(SIZE));
  }

  private static String path(String name) {
    return dir.resolve(name).toString();
  }

  @Test
  void aroundAnImageTheBaseIsItsLatentMeanAndTheGridHasARowPerDimension() throws Exception {
    TraversalSummary summary = TraverseJob.run(spark, TraverseOptions.of(path("vae"), path("image"))
        .withImage(path("shards"), "img-000002.png").withSteps(5).withRange(2));

    Row row = spark.read().parquet(path("shards/shards")).filter("path like '%/img-000002.png'")
        .select("id", "image.bytes").first();
    assertEquals(row.getString(0), summary.image());
    assertEquals("image", summary.base());
    assertTrue(summary.imagePath().endsWith("/img-000002.png"), summary.imagePath());
    byte[] pixels = new byte[config.pixelsPerImage()];
    ImagePixels.decodeInto(row.getAs(1), 3, SIZE, pixels, 0);
    VaeTerms terms = VaeTerms.evaluate(net, ImagePixels.toInput(new ImageBatchFile(1, 3, SIZE, SIZE, pixels)),
        new ReconstructionLoss(Likelihood.BERNOULLI, 0));
    float[] mu = terms.mu().toFloatVector();
    for (int j = 0; j < LATENT; j++) {
      assertEquals(mu[j], summary.baseLatent().get(j), 1e-6, "base coordinate " + j);
    }

    // Scale 2 below 48 pixels: a 2-pixel gap around cells of 56.
    BufferedImage grid = ImageIO.read(dir.resolve("image/grid.png").toFile());
    assertEquals(2 + 5 * (2 * SIZE + 2), grid.getWidth());
    assertEquals(2 + LATENT * (2 * SIZE + 2), grid.getHeight());
    assertEquals(List.of(-2.0, -1.0, 0.0, 1.0, 2.0), summary.values());

    // Rows by change, largest first; every dimension once.
    List<TraversalSummary.Dimension> dims = summary.dimensions();
    assertEquals(LATENT, dims.size());
    for (int r = 0; r < dims.size(); r++) {
      assertEquals(r + 1, dims.get(r).row());
      assertEquals(summary.order().get(r), dims.get(r).dimension());
      if (r > 0) {
        assertTrue(dims.get(r - 1).change() >= dims.get(r).change(), "rows ordered by change: " + dims);
      }
    }
    assertEquals(Set.of(0, 1, 2), Set.copyOf(summary.order()));
    assertTrue(dims.get(0).change() > 0, "an initialised decoder reacts to its input: " + dims);

    String report = Files.readString(dir.resolve("image/report.html"));
    assertTrue(report.contains("reconstruction") && report.contains("data:image/png;base64,"), report);
  }

  @Test
  void withoutAnImageTheSweepIsAroundZeroAndOnlyTheNamedDimensions() throws Exception {
    TraversalSummary summary = TraverseJob.run(spark, TraverseOptions.of(path("vae"), path("zero"))
        .withDims(List.of(2, 0)));
    assertEquals("zero", summary.base());
    assertEquals(List.of(0.0, 0.0, 0.0), summary.baseLatent());
    assertEquals(Set.of(0, 2), Set.copyOf(summary.order()));
    BufferedImage grid = ImageIO.read(dir.resolve("zero/grid.png").toFile());
    assertEquals(2 + TraverseOptions.DEFAULT_STEPS * (2 * SIZE + 2), grid.getWidth());
    assertEquals(2 + 2 * (2 * SIZE + 2), grid.getHeight());

    // The middle column of a sweep around 0 decodes z = 0 itself: every row shows the same picture there.
    BufferedImage decoded = ImagePixels.toImage(VaeNetwork.decode(net, org.nd4j.linalg.factory.Nd4j.zeros(
        org.nd4j.linalg.api.buffer.DataType.FLOAT, 1, LATENT)), 0);
    int cell = 2 * SIZE + 2;
    for (int r = 0; r < 2; r++) {
      int x = 2 + 4 * cell + 2 * 10;
      int y = 2 + r * cell + 2 * 10;
      assertEquals(decoded.getRGB(10, 10), grid.getRGB(x, y), "row " + r + ", middle column");
    }

    JsonNode json = Json.MAPPER.readTree(dir.resolve("zero/summary.json").toFile());
    List<String> expected = SummaryKeys.withProvenance(List.of("job", "model", "model_kind", "latent_dim", "base",
        "image", "image_path", "base_latent", "steps", "range", "values", "order", "dimensions", "grid", "report",
        "seconds"), List.of("model", "out", "data", "image", "dims", "steps", "range", "overwrite"));
    assertEquals(expected, SummaryKeys.of(json, Set.of()));
    assertEquals("traverse", json.path("job").asText());
    assertEquals(summary.dimensions().get(0).change(), json.path("dimensions").path(0).path("change").asDouble());
  }

  @Test
  void usageErrorsNameTheOptionAndWriteNothing() {
    UsageException unknown = assertThrows(UsageException.class, () -> TraverseJob.run(spark,
        TraverseOptions.of(path("vae"), path("bad-image")).withImage(path("shards"), "img-999999.png")));
    assertTrue(unknown.getMessage().startsWith("--image img-999999.png"), unknown.getMessage());
    UsageException dims = assertThrows(UsageException.class, () -> TraverseJob.run(spark,
        TraverseOptions.of(path("vae"), path("bad-dims")).withDims(List.of(3))));
    assertTrue(dims.getMessage().startsWith("--dims 3") && dims.getMessage().contains("0 to 2"), dims.getMessage());
    UsageException model = assertThrows(UsageException.class, () -> TraverseJob.run(spark,
        TraverseOptions.of(path("shards"), path("bad-model"))));
    assertTrue(model.getMessage().startsWith("--model"), model.getMessage());
    for (String out : List.of("bad-image", "bad-dims", "bad-model")) {
      assertFalse(Files.exists(dir.resolve(out).resolve("summary.json")), out);
    }
  }

  @Test
  void theSameRunGivesTheSameGrid() throws Exception {
    TraverseJob.run(spark, TraverseOptions.of(path("vae"), path("again-a")).withSteps(4));
    TraverseJob.run(spark, TraverseOptions.of(path("vae"), path("again-b")).withSteps(4));
    assertArrayEquals(Files.readAllBytes(dir.resolve("again-a/grid.png")),
        Files.readAllBytes(dir.resolve("again-b/grid.png")));
  }
}
