package dev.dgmspark.generate.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dgmspark.common.ModelKind;
import dev.dgmspark.common.UsageException;
import dev.dgmspark.engine.ModelFolder;
import dev.dgmspark.generate.ShiftOptions;
import dev.dgmspark.generate.ShiftRequest;
import dev.dgmspark.generate.ShiftSummary;
import dev.dgmspark.io.Json;
import dev.dgmspark.io.Storage;
import dev.dgmspark.shard.ShardJob;
import dev.dgmspark.shard.ShardOptions;
import dev.dgmspark.synth.SynthGenerator;
import dev.dgmspark.synth.SynthRequest;
import dev.dgmspark.testing.SharedSpark;
import dev.dgmspark.vae.VaeConfig;
import dev.dgmspark.vae.VaeFolder;
import dev.dgmspark.vae.VaeModel;
import dev.dgmspark.vae.VaeNetwork;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code generate --shift} on synthetic faces with a tiny untrained VAE: what it measures and writes. */
class ShiftJobTest extends SharedSpark {
  private static final int FACES = 120;
  private static final int SIZE = 28;
  private static final int LATENT = 3;
  @TempDir static Path dir;
  private static ShiftSummary summary;

  @BeforeAll
  static void shiftFacesTowardsGlasses() throws Exception {
    Configuration conf = new Configuration();
    new SynthGenerator().generate(SynthRequest.of(new org.apache.hadoop.fs.Path(dir.resolve("faces").toUri()), FACES)
        .withSeed(5).withSize(SIZE).withConf(conf));
    ShardJob.run(spark, ShardOptions.of(dir.resolve("faces").toString(), dir.resolve("shards").toString())
        .withSize(SIZE));
    VaeConfig config = new VaeConfig(ModelKind.VAE, SIZE, 3, LATENT, 1.0, 1e-3, 1);
    org.apache.hadoop.fs.Path vae = new org.apache.hadoop.fs.Path(dir.resolve("vae").toUri());
    Storage.writeAtomically(new org.apache.hadoop.fs.Path(vae, ModelFolder.DESCRIPTOR),
        Json.pretty(VaeFolder.descriptor(config, "0".repeat(64), 1, 0.01)), conf);
    Storage.writeAtomically(new org.apache.hadoop.fs.Path(vae, ModelFolder.MODEL), conf,
        new VaeModel(VaeNetwork.build(config))::write);
    summary = ShiftJob.run(spark, options("glass", 25, "out"));
  }

  private static ShiftOptions options(String attribute, int count, String out) {
    return new ShiftOptions(dir.resolve("vae").toString(), dir.resolve("shards").toString(),
        new ShiftRequest(attribute, "yes", 2.0), count, dir.resolve(out).toString(), 3, false);
  }

  /** glasses value by file name, from the synth's attributes.csv. */
  private static Map<String, String> glassesByFile() throws Exception {
    List<String> lines = Files.readAllLines(dir.resolve("faces/attributes.csv"));
    List<String> header = List.of(lines.get(0).split(","));
    Map<String, String> glasses = new HashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",");
      glasses.put(cells[0], cells[header.indexOf("glasses")]);
    }
    return glasses;
  }

  private static org.apache.spark.sql.Dataset<Row> shardRows() throws Exception {
    org.apache.hadoop.fs.Path shards = new org.apache.hadoop.fs.Path(dir.resolve("shards").toUri());
    return spark.read().parquet(dev.dgmspark.shard.ShardIndex.read(shards, new Configuration()).shardPaths(shards));
  }

  @Test
  void theVectorIsMeasuredOnEveryImageAndEqualsTheDifferenceOfTheGroupMeans() throws Exception {
    Map<String, String> glasses = glassesByFile();
    long with = glasses.values().stream().filter("yes"::equals).count();
    assertEquals("glasses", summary.attribute(), "the prefix resolves to the column");
    assertEquals(with, summary.imagesWithValue());
    assertEquals(FACES - with, summary.imagesWithoutValue());

    // The same means computed here from the latents the job wrote and the shards' paths.
    Map<String, String> pathById = new HashMap<>();
    for (Row row : shardRows().select("id", "path")
        .collectAsList()) {
      pathById.put(row.getString(0), row.getString(1));
    }
    double[][] sum = new double[2][LATENT];
    long[] n = new long[2];
    for (Row row : spark.read().parquet(summary.latents()).select("id", "mu").collectAsList()) {
      String file = Path.of(pathById.get(row.getString(0))).getFileName().toString();
      int group = "yes".equals(glasses.get(file)) ? 0 : 1;
      List<Float> mu = row.getList(1);
      for (int j = 0; j < LATENT; j++) {
        sum[group][j] += mu.get(j);
      }
      n[group]++;
    }
    double norm = 0;
    for (int j = 0; j < LATENT; j++) {
      double d = sum[0][j] / n[0] - sum[1][j] / n[1];
      norm += d * d;
    }
    assertEquals(Math.sqrt(norm), summary.attributeVectorNorm(), 1e-3);
  }

  @Test
  void writesTheMovedImagesOfImagesWithoutTheValueWithTheirSourcesShardsAndAGrid() throws Exception {
    assertEquals(25, summary.count());
    assertEquals(25, summary.shardAccepted());
    List<String> lines = Files.readAllLines(dir.resolve("out/images/attributes.csv"));
    assertEquals("file,source_id", lines.get(0));
    assertEquals(26, lines.size());
    Map<String, String> glasses = glassesByFile();
    Map<String, String> fileById = new HashMap<>();
    for (Row row : shardRows().select("id", "path")
        .collectAsList()) {
      fileById.put(row.getString(0), Path.of(row.getString(1)).getFileName().toString());
    }
    for (String line : lines.subList(1, lines.size())) {
      String source = line.split(",")[1];
      assertEquals("no", glasses.get(fileById.get(source)), "only images without the value are moved: " + line);
    }
    BufferedImage grid = ImageIO.read(dir.resolve("out/before_after.png").toFile());
    assertTrue(grid.getHeight() > 3 * SIZE && grid.getHeight() < 4 * 2 * SIZE,
        "three rows (originals, reconstructions, moved): " + grid.getHeight());
    ShiftSummary.ValueRate rate = summary.valueRate();
    assertEquals(25, rate.measuredImages());
    for (double r : new double[] {rate.inputs(), rate.reconstructions(), rate.outputs(),
        rate.classifierHeldOutAccuracy()}) {
      assertTrue(r >= 0 && r <= 1, "a rate: " + r);
    }
    var json = Json.MAPPER.readTree(dir.resolve("out/summary.json").toFile());
    assertEquals("shift", json.path("mode").asText());
    assertEquals(2.0, json.path("provenance").path("options").path("shift").path("scale").asDouble());
  }

  @Test
  void anUnknownAttributeOrValueIsAUsageErrorNamingShift() {
    UsageException attribute = assertThrows(UsageException.class, () -> ShiftJob.run(spark,
        options("beard", 5, "bad-attribute")));
    assertTrue(attribute.getMessage().startsWith("--shift beard: no such attribute column"),
        attribute.getMessage());
    assertTrue(attribute.getMessage().contains("glasses"), "lists the columns: " + attribute.getMessage());
    UsageException value = assertThrows(UsageException.class, () -> ShiftJob.run(spark, new ShiftOptions(
        dir.resolve("vae").toString(), dir.resolve("shards").toString(), new ShiftRequest("glasses", "maybe", 1),
        5, dir.resolve("bad-value").toString(), 3, false)));
    assertTrue(value.getMessage().startsWith("--shift glasses=maybe"), value.getMessage());
  }
}
