package dev.dgmspark.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dgmspark.common.UsageException;
import dev.dgmspark.generate.GenerateJob;
import dev.dgmspark.generate.GenerateOptions;
import dev.dgmspark.engine.NoiseStream;
import dev.dgmspark.io.Json;
import dev.dgmspark.io.Storage;
import dev.dgmspark.common.ModelKind;
import dev.dgmspark.vae.VaeConfig;
import dev.dgmspark.vae.VaeNetwork;
import dev.dgmspark.testing.SharedSpark;
import dev.dgmspark.testing.SummaryKeys;
import dev.dgmspark.vae.VaeFolder;
import dev.dgmspark.vae.VaeModel;
import dev.dgmspark.engine.ModelFolder;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@code generate} from a (tiny, untrained) VAE saved the way {@code train} saves one. */
class GenerateJobTest extends SharedSpark {
  private static final int COUNT = 10;
  private static final int SIZE = 28;
  private static final int LATENT = 3;
  private static final long SEED = 7;
  @TempDir static Path dir;
  private static ComputationGraph net;

  @BeforeAll
  static void saveAVae() throws Exception {
    VaeConfig config = new VaeConfig(ModelKind.VAE, SIZE, 3, LATENT, 1.0, 1e-3, 1);
    net = VaeNetwork.build(config);
    Configuration conf = new Configuration();
    org.apache.hadoop.fs.Path model = new org.apache.hadoop.fs.Path(dir.resolve("vae").toUri());
    // As training writes a model folder: model.json after every epoch, model.zip at the end.
    Storage.writeAtomically(new org.apache.hadoop.fs.Path(model, ModelFolder.DESCRIPTOR),
        Json.pretty(VaeFolder.descriptor(config, "0".repeat(64), 1, 0.01)), conf);
    Storage.writeAtomically(new org.apache.hadoop.fs.Path(model, ModelFolder.MODEL), conf, new VaeModel(net)::write);
  }

  private static GenerateSummary generate(String out, long seed) throws Exception {
    return GenerateJob.run(spark, GenerateOptions.of(dir.resolve("vae").toString(), COUNT,
        dir.resolve(out).toString()).withSeed(seed));
  }

  @Test
  void writesImagesShardsGridAndSummaryFromTheDecoder() throws Exception {
    generate("out", SEED);
    Path images = dir.resolve("out/images");
    List<String> names;
    try (Stream<Path> files = Files.list(images)) {
      names = files.map(p -> p.getFileName().toString()).sorted().toList();
    }
    List<String> expectedNames = new java.util.ArrayList<>();
    for (int i = 0; i < COUNT; i++) {
      expectedNames.add(String.format("sample-%06d.png", i));
    }
    assertEquals(expectedNames, names, "one PNG per image and no attributes.csv: a VAE has no condition");

    // Image 0 is the decoder's output for the first noise row of the job's first batch, z ~ N(0, I) from that
    // batch's stream.
    INDArray z = new NoiseStream(NoiseStream.seedFor(SEED, -3, 0)).gaussian(COUNT, LATENT);
    INDArray decoded = VaeNetwork.decode(net, z);
    BufferedImage first = ImageIO.read(images.resolve("sample-000000.png").toFile());
    assertEquals(SIZE, first.getWidth());
    assertEquals(SIZE, first.getHeight());
    for (int y = 0; y < SIZE; y += 9) {
      for (int x = 0; x < SIZE; x += 9) {
        int rgb = first.getRGB(x, y);
        int[] channels = {(rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff};
        for (int c = 0; c < 3; c++) {
          double expected = 255 * decoded.getDouble(0, c, y, x);
          assertEquals(expected, channels[c], 0.51, "pixel (" + x + ", " + y + ") channel " + c);
        }
      }
    }

    JsonNode index = Json.MAPPER.readTree(dir.resolve("out/shards/index.json").toFile());
    assertEquals(COUNT, index.path("rows").asInt());
    assertEquals(SIZE, index.path("size").asInt());
    assertEquals(3, index.path("channels").asInt());

    // 10 cells at scale 2 (pictures under 48 pixels) in rows of 8, with a 2-pixel gap around every cell.
    BufferedImage grid = ImageIO.read(dir.resolve("out/grid.png").toFile());
    assertEquals(2 + 8 * (2 * SIZE + 2), grid.getWidth());
    assertEquals(2 + 2 * (2 * SIZE + 2), grid.getHeight());

    JsonNode summary = Json.MAPPER.readTree(dir.resolve("out/summary.json").toFile());
    assertEquals("vae", summary.path("model_kind").asText());
    assertEquals(COUNT, summary.path("count").asInt());
    assertEquals(COUNT, summary.path("shard_accepted").asInt());
    assertEquals(0, summary.path("condition").size());
  }

  @Test
  void summaryJsonHasTheDocumentedKeys() throws Exception {
    generate("keys", SEED);
    // The keys summary.json had before summaries became typed (GenerateJob.run).
    List<String> expected = SummaryKeys.withProvenance(List.of("job", "model", "model_kind", "count", "condition",
        "images", "shards", "shard_accepted", "grid", "seconds"),
        List.of("model", "count", "out", "condition", "seed", "overwrite", "sampling"));
    JsonNode summary = Json.MAPPER.readTree(dir.resolve("keys/summary.json").toFile());
    assertEquals(expected, SummaryKeys.of(summary, Set.of("condition", "provenance.options.condition")));
    assertEquals("generate", summary.path("job").asText());
    assertEquals(SEED, summary.path("provenance").path("options").path("seed").asLong());
  }

  @Test
  void theSameSeedGivesTheSameImagesAndAnotherSeedOthers() throws Exception {
    generate("again-a", 11);
    generate("again-b", 11);
    generate("again-c", 12);
    byte[] a = Files.readAllBytes(dir.resolve("again-a/images/sample-000003.png"));
    assertArrayEquals(a, Files.readAllBytes(dir.resolve("again-b/images/sample-000003.png")));
    assertFalse(java.util.Arrays.equals(a, Files.readAllBytes(dir.resolve("again-c/images/sample-000003.png"))));
  }

  @Test
  void stepsAreRefusedForAVae() {
    UsageException e = assertThrows(UsageException.class, () -> GenerateJob.run(spark, GenerateOptions.of(
        dir.resolve("vae").toString(), 2, dir.resolve("refused-steps").toString())
        .withSampling(new dev.dgmspark.sample.SamplingOptions(10, null))));
    assertTrue(e.getMessage().contains("--steps") && e.getMessage().contains("vae"), e.getMessage());
  }

  @Test
  void aConditionIsRefusedForAVae() {
    UsageException e = assertThrows(UsageException.class, () -> GenerateJob.run(spark, GenerateOptions.of(
        dir.resolve("vae").toString(), 2, dir.resolve("refused").toString()).withCondition(Map.of("glasses", "yes"))));
    assertTrue(e.getMessage().contains("vae") && e.getMessage().contains("cgan"), e.getMessage());
    assertFalse(Files.exists(dir.resolve("refused/summary.json")));
  }
}
