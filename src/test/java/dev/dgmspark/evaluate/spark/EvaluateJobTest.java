package dev.dgmspark.evaluate.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dgmspark.cli.DgmCli;
import dev.dgmspark.common.ModelKind;
import dev.dgmspark.engine.ModelFolder;
import dev.dgmspark.evaluate.EvaluateOptions;
import dev.dgmspark.evaluate.EvaluationSummary;
import dev.dgmspark.evaluate.FeatureNetwork;
import dev.dgmspark.generate.GenerateJob;
import dev.dgmspark.generate.GenerateOptions;
import dev.dgmspark.io.Json;
import dev.dgmspark.io.Storage;
import dev.dgmspark.shard.ShardJob;
import dev.dgmspark.shard.ShardOptions;
import dev.dgmspark.synth.SynthGenerator;
import dev.dgmspark.synth.SynthRequest;
import dev.dgmspark.testing.Cli;
import dev.dgmspark.testing.SharedSpark;
import dev.dgmspark.train.GanOptions;
import dev.dgmspark.train.GanTraining;
import dev.dgmspark.train.TrainOptions;
import dev.dgmspark.vae.VaeConfig;
import dev.dgmspark.vae.VaeFolder;
import dev.dgmspark.vae.VaeModel;
import dev.dgmspark.vae.VaeNetwork;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code evaluate} end to end on tiny synthetic faces (28x28): a briefly trained GAN (its feature model trained in
 * the run), an untrained VAE and generated shards (both with that feature model reused), and the refusals.
 */
class EvaluateJobTest extends SharedSpark {
  private static final int FACES = 240;
  private static final int SIZE = 28;
  @TempDir static Path dir;
  private static EvaluationSummary gan;

  @BeforeAll
  static void facesAGanAndAVae() throws Exception {
    Configuration conf = new Configuration();
    new SynthGenerator().generate(SynthRequest.of(new org.apache.hadoop.fs.Path(dir.resolve("faces").toUri()), FACES)
        .withSeed(3).withSize(SIZE).withConf(conf));
    ShardJob.run(spark, ShardOptions.of(dir.resolve("faces").toString(), dir.resolve("shards").toString())
        .withSize(SIZE));
    TrainOptions train = TrainOptions.of(ModelKind.GAN, dir.resolve("shards").toString(),
        dir.resolve("gan").toString()).toBuilder().latentDim(8).learningRate(2e-4).batchSize(16).epochs(1)
        .maxBatches(2).averagingFrequency(1).build();
    GanTraining.run(spark, GanOptions.of(train, List.of()).withFilters(4).withEvalSamples(16));

    // An untrained VAE, saved as train saves one.
    VaeConfig config = new VaeConfig(ModelKind.VAE, SIZE, 3, 3, 1.0, 1e-3, 1);
    org.apache.hadoop.fs.Path vae = new org.apache.hadoop.fs.Path(dir.resolve("vae").toUri());
    Storage.writeAtomically(new org.apache.hadoop.fs.Path(vae, ModelFolder.DESCRIPTOR),
        Json.pretty(VaeFolder.descriptor(config, "0".repeat(64), 1, 0.01)), conf);
    Storage.writeAtomically(new org.apache.hadoop.fs.Path(vae, ModelFolder.MODEL), conf,
        new VaeModel(VaeNetwork.build(config))::write);

    gan = EvaluateJob.run(spark, options("gan", "gan-eval"));
  }

  private static EvaluateOptions options(String model, String out) {
    return EvaluateOptions.ofModel(dir.resolve(model).toString(), dir.resolve("shards").toString(),
        dir.resolve(out).toString()).withHeldOutShare(0.4).withFeatureEpochs(2).withSeed(5);
  }

  private static JsonNode json(String file) throws Exception {
    return Json.MAPPER.readTree(dir.resolve(file).toFile());
  }

  @Test
  void aGanRunWritesEveryFigureTheReportAndTheFeatureModel() throws Exception {
    JsonNode e = json("gan-eval/evaluation.json");
    assertEquals("evaluate", e.path("job").asText());
    assertEquals("gan", e.path("model_kind").asText());
    // 240 faces, 40% held out: about 48 in each half; as many generated images as the floor half by default.
    int real = e.path("real_images").asInt();
    int floor = e.path("floor_images").asInt();
    assertTrue(real >= 20 && floor >= 20 && real + floor < 140, real + " + " + floor);
    assertEquals(floor, e.path("generated_images").asInt());
    for (String key : List.of("frechet_distance", "frechet_floor", "frechet_ratio", "precision", "recall",
        "c2st_accuracy", "attribute_coverage", "mean_attribute_tv_distance", "images_per_second",
        "latency_ms_per_image")) {
      assertTrue(e.path(key).isNumber(), key + " in " + e);
    }
    assertEquals(e.path("frechet_distance").asDouble() / e.path("frechet_floor").asDouble(),
        e.path("frechet_ratio").asDouble(), 1e-3 * e.path("frechet_ratio").asDouble());
    assertEquals(e.path("frechet_floor").asDouble(), e.path("real_vs_real").path("frechet_distance").asDouble());
    for (String key : List.of("precision", "recall", "c2st_accuracy")) {
      double v = e.path(key).asDouble();
      double f = e.path("real_vs_real").path(key).asDouble();
      assertTrue(v >= 0 && v <= 1 && f >= 0 && f <= 1, key + " " + v + ", floor " + f);
    }
    // Two batches of training leave the generator far from faces: every measure says so against its floor.
    assertTrue(e.path("frechet_ratio").asDouble() > 2, e.toString());
    assertTrue(e.path("c2st_accuracy").asDouble() > e.path("real_vs_real").path("c2st_accuracy").asDouble() + 0.2,
        e.toString());
    // (Precision may still be high: a feature network trained for two epochs on 130 images maps the generator's
    // few looks into a corner of the real manifold; the generated manifold then covers little of the real one.)
    assertTrue(e.path("recall").asDouble() < e.path("real_vs_real").path("recall").asDouble() - 0.2, e.toString());
    assertTrue(e.path("images_per_second").asDouble() > 0 && e.path("latency_ms_per_image").asDouble() > 0);

    // Attributes: the synthetic faces' five columns, each value with its data, generated and held-out shares.
    JsonNode attributes = e.path("attributes");
    assertEquals(List.of("skin_tone", "hair_color", "glasses", "hat", "smile"),
        names(attributes.path("by_attribute")));
    double generatedShares = 0;
    for (JsonNode value : attributes.path("by_attribute").path("hair_color")) {
      generatedShares += value.path("generated_share").asDouble();
    }
    assertEquals(1.0, generatedShares, 1e-3, "every generated image gets one hair colour");
    assertEquals(attributes.path("coverage").asDouble(), e.path("attribute_coverage").asDouble());
    assertEquals(attributes.path("values_covered").asDouble() / attributes.path("values_checked").asDouble(),
        attributes.path("coverage").asDouble(), 1e-4);

    // The feature model: trained in this run on the rows outside the split, saved in out/feature-model.
    JsonNode use = e.path("feature_model");
    assertTrue(use.path("trained_now").asBoolean());
    assertTrue(use.path("trained_on_this_data").asBoolean());
    assertEquals("attributes", use.path("targets").asText());
    JsonNode model = json("gan-eval/feature-model/feature-model.json");
    assertEquals(SIZE, model.path("image_size").asInt());
    assertEquals(3, model.path("channels").asInt());
    assertEquals(0.4, model.path("split").path("held_out_share").asDouble());
    assertEquals(json("shards/index.json").path("rows").asLong(), model.path("data_rows").asLong());
    assertEquals(FACES - real - floor, model.path("training_images").asInt(),
        "the feature network trains on every row outside the held-out split");
    assertEquals(64, model.path("data_index_sha256").asText().length());

    // The grids (8 columns of 28-pixel images at scale 3) and the page that shows them side by side.
    BufferedImage grid = ImageIO.read(dir.resolve("gan-eval/real-grid.png").toFile());
    assertEquals(2 + 8 * (3 * SIZE + 2), grid.getWidth());
    assertNotNull(ImageIO.read(dir.resolve("gan-eval/generated-grid.png").toFile()));
    String html = Files.readString(dir.resolve("gan-eval/index.html"));
    assertTrue(html.contains("src=\"real-grid.png\"") && html.contains("src=\"generated-grid.png\""), html);
    assertTrue(html.contains("precision") && html.contains("two-sample"), html);
  }

  @Test
  void aReusedFeatureModelIsNotRetrainedAndGivesTheSameFloor() throws Exception {
    Path features = dir.resolve("gan-eval/feature-model");
    byte[] network = Files.readAllBytes(features.resolve(FeatureNetwork.NETWORK));
    EvaluationSummary vae = EvaluateJob.run(spark, options("vae", "vae-eval").withFeatureModel(features.toString())
        .withHeldOutShare(0.1).withSeed(6));
    assertFalse(vae.featureModel().trainedNow());
    assertEquals(features.toUri().getPath().replaceAll("/$", ""),
        new org.apache.hadoop.fs.Path(vae.featureModel().folder()).toUri().getPath());
    assertFalse(Files.exists(dir.resolve("vae-eval/feature-model")), "no feature model trained into --out");
    assertArrayEquals(network, Files.readAllBytes(features.resolve(FeatureNetwork.NETWORK)));
    // The split comes from the feature model (not from --held-out-share 0.1), so the real halves and their floor
    // are the GAN run's.
    assertEquals(gan.realImages(), vae.realImages());
    assertEquals(gan.floorImages(), vae.floorImages());
    assertEquals(gan.frechetFloor(), vae.frechetFloor());
    assertEquals(gan.realVsReal().precision(), vae.realVsReal().precision());
    assertEquals("vae", vae.modelKind());
    // An untrained decoder draws grey blurs: nothing like a face.
    assertTrue(vae.frechetRatio() > 2, vae.toString());
  }

  @Test
  void generatedShardsAreMeasuredWithoutSamplingSpeed() throws Exception {
    GenerateJob.run(spark, GenerateOptions.of(dir.resolve("gan").toString(), 40,
        dir.resolve("generated").toString()).withSeed(9));
    EvaluationSummary samples = EvaluateJob.run(spark, EvaluateOptions.ofSamples(
        dir.resolve("generated/shards").toString(), dir.resolve("shards").toString(),
        dir.resolve("samples-eval").toString()).withFeatureModel(dir.resolve("gan-eval/feature-model").toString())
        .withCount(30));
    assertEquals("samples", samples.modelKind());
    assertEquals(30, samples.generatedImages());
    assertNull(samples.imagesPerSecond());
    assertNull(samples.latencyMsPerImage());
    assertEquals(gan.frechetFloor(), samples.frechetFloor());
    JsonNode e = json("samples-eval/evaluation.json");
    assertTrue(e.has("images_per_second") && e.path("images_per_second").isNull());
  }

  @Test
  void theCommandLineRefusesAFeatureModelOfAnotherImageSizeAndAFinishedRun() throws Exception {
    // A copy of the feature model that says it takes 32x32 images.
    Path other = dir.resolve("other-features");
    Files.createDirectories(other);
    Path source = dir.resolve("gan-eval/feature-model");
    Files.copy(source.resolve(FeatureNetwork.NETWORK), other.resolve(FeatureNetwork.NETWORK));
    ObjectNode description = (ObjectNode) json("gan-eval/feature-model/feature-model.json");
    description.put("image_size", 32);
    Files.write(other.resolve(FeatureNetwork.DESCRIPTOR), Json.pretty(description));
    Cli.Run refused = Cli.spark(Map.of(), "evaluate", "--model", dir.resolve("gan").toString(), "--data",
        dir.resolve("shards").toString(), "--out", dir.resolve("refused").toString(), "--feature-model",
        other.toString());
    assertEquals(DgmCli.EXIT_USAGE, refused.code(), refused.toString());
    assertTrue(refused.err().contains("--feature-model") && refused.err().contains("32x32")
        && refused.err().contains("28x28"), refused.err());
    assertFalse(Files.exists(dir.resolve("refused/evaluation.json")));

    Cli.Run again = Cli.spark(Map.of(), "evaluate", "--model", dir.resolve("gan").toString(), "--data",
        dir.resolve("shards").toString(), "--out", dir.resolve("gan-eval").toString());
    assertEquals(DgmCli.EXIT_USAGE, again.code(), again.toString());
    assertTrue(again.err().contains("--overwrite"), again.err());
  }

  private static List<String> names(JsonNode object) {
    List<String> names = new java.util.ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
