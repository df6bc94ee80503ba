package dev.dgmspark.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dgmspark.common.ModelKind;
import dev.dgmspark.common.UsageException;
import dev.dgmspark.diffusion.DdimSampler;
import dev.dgmspark.diffusion.DiffusionFolder;
import dev.dgmspark.diffusion.DiffusionModel;
import dev.dgmspark.diffusion.ScheduleKind;
import dev.dgmspark.engine.ModelFolder;
import dev.dgmspark.engine.NoiseStream;
import dev.dgmspark.generate.GenerateJob;
import dev.dgmspark.generate.GenerateOptions;
import dev.dgmspark.io.Json;
import dev.dgmspark.minibatch.ImagePixels;
import dev.dgmspark.sample.SamplingOptions;
import dev.dgmspark.shard.ShardJob;
import dev.dgmspark.shard.ShardOptions;
import dev.dgmspark.synth.SynthGenerator;
import dev.dgmspark.synth.SynthRequest;
import dev.dgmspark.testing.SharedSpark;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code train --model diffusion} on a tiny U-Net and synthetic faces in local[2]: outputs, figures, resume; then
 * {@code generate} drawing in the executors with a chosen number of steps.
 */
class DiffusionTrainingTest extends SharedSpark {
  private static final int COUNT = 200;
  @TempDir static Path dir;

  @BeforeAll
  static void trainATinyModel() throws Exception {
    new SynthGenerator().generate(SynthRequest.of(new org.apache.hadoop.fs.Path(dir.resolve("faces").toUri()), COUNT)
        .withSeed(5).withSize(28).withConf(new Configuration()));
    ShardJob.run(spark, ShardOptions.of(dir.resolve("faces").toString(), dir.resolve("shards").toString())
        .withSize(28));
    DiffusionTraining.run(spark, options(2, false));
  }

  private static DiffusionOptions options(int epochs, boolean resume) {
    TrainOptions train = TrainOptions.of(ModelKind.DIFFUSION, dir.resolve("shards").toString(),
        dir.resolve("model").toString()).toBuilder().learningRate(1e-3).batchSize(16).epochs(epochs).maxBatches(3)
        .averagingFrequency(1).resume(resume).build();
    return DiffusionOptions.of(train).withFilters(4).withTimesteps(100).withSchedule(ScheduleKind.LINEAR)
        .withEma(0.9);
  }

  private static JsonNode json(String file) throws Exception {
    return Json.MAPPER.readTree(dir.resolve(file).toFile());
  }

  @Test
  void writesTheModelFolderWithSampleGridsAndFigures() throws Exception {
    for (String file : List.of("checkpoints/epoch-0001.zip", "checkpoints/epoch-0002.zip", "model.zip", "model.json",
        "samples-epoch-1.png", "samples-epoch-2.png", "samples.png", "summary.json")) {
      assertTrue(Files.exists(dir.resolve("model").resolve(file)), file);
    }
    List<String> metrics = Files.readAllLines(dir.resolve("model/metrics.csv"));
    assertEquals("epoch,noise_mse,examples,seconds,examples_per_second", metrics.get(0));
    double mse = Double.parseDouble(metrics.get(2).split(",")[1]);
    assertTrue(mse > 0 && mse < 2, metrics.get(2));

    JsonNode model = json("model/model.json");
    assertEquals("diffusion", model.path("model").asText());
    assertEquals(ModelFolder.FORMAT, model.path("format").asText());
    assertEquals("linear", model.path("config").path("schedule").asText());
    assertEquals(100, model.path("config").path("timesteps").asInt());
    assertEquals(2, model.path("epochs").asInt());

    JsonNode summary = json("model/summary.json");
    assertEquals("diffusion", summary.path("model").asText());
    JsonNode figures = summary; // the family's figures sit between the engine's keys and the config
    assertTrue(figures.path("held_out_images").asInt() > 0, summary.toString());
    assertTrue(figures.path("held_out_noise_mse").asDouble() > 0, summary.toString());
    assertEquals(50, figures.path("samples_steps").asInt());
    assertEquals(0.9, summary.path("config").path("ema").asDouble());
    assertEquals(100, summary.path("provenance").path("options").path("timesteps").asInt());
    assertTrue(summary.path("provenance").path("options").path("latent_dim").isMissingNode(),
        "the autoencoders' options are not recorded");

    // 8 columns of 28-pixel images at scale 2 with 2-pixel gaps; 64 images in the final grid, 32 per epoch.
    BufferedImage grid = ImageIO.read(dir.resolve("model/samples.png").toFile());
    assertEquals(2 + 8 * (2 * 28 + 2), grid.getWidth());
    assertEquals(2 + 8 * (2 * 28 + 2), grid.getHeight());
    assertEquals(2 + 4 * (2 * 28 + 2), ImageIO.read(dir.resolve("model/samples-epoch-1.png").toFile()).getHeight());
  }

  @Test
  void resumesFromTheLastCheckpoint() throws Exception {
    Path copy = dir.resolve("resumed");
    org.apache.commons.io.FileUtils.copyDirectory(dir.resolve("model").toFile(), copy.toFile());
    TrainOptions train = options(3, true).train().toBuilder().out(copy.toString()).build();
    DiffusionTraining.run(spark, options(3, true).withTrain(train));
    assertEquals(3, json("resumed/model.json").path("epochs").asInt());
    assertEquals(4, Files.readAllLines(copy.resolve("metrics.csv")).size());
    assertTrue(Files.exists(copy.resolve("checkpoints/epoch-0003.zip")));
  }

  @Test
  void generateDrawsInTheExecutorsWithTheAskedSteps() throws Exception {
    // 300 images: two batches of the job, each with its own noise stream.
    GenerateJob.run(spark, GenerateOptions.of(dir.resolve("model").toString(), 300, dir.resolve("gen").toString())
        .withSeed(3).withSampling(new SamplingOptions(4, 0.0)));
    try (var files = Files.list(dir.resolve("gen/images"))) {
      assertEquals(300, files.filter(p -> p.toString().endsWith(".png")).count());
    }
    JsonNode summary = json("gen/summary.json");
    assertEquals("diffusion", summary.path("model_kind").asText());
    assertEquals("ddim", summary.path("sampling").path("sampler").asText());
    assertEquals(4, summary.path("sampling").path("steps").asInt());
    assertEquals(300, summary.path("shard_accepted").asInt());

    // Image 256 is the first of the second batch: the sampler run alone with that batch's stream draws it.
    Configuration conf = new Configuration();
    org.apache.hadoop.fs.Path folder = new org.apache.hadoop.fs.Path(dir.resolve("model").toUri());
    DiffusionFolder.Descriptor descriptor = DiffusionFolder.readDescriptor(folder, conf);
    DiffusionModel model = DiffusionFolder.read(descriptor.config(),
        new org.apache.hadoop.fs.Path(folder, ModelFolder.MODEL), conf);
    INDArray expected = new DdimSampler(model.samplingNetwork(), descriptor.config())
        .sample(44, 4, 0, new NoiseStream(NoiseStream.seedFor(3, -3, 1)));
    BufferedImage drawn = ImageIO.read(dir.resolve("gen/images/sample-000256.png").toFile());
    BufferedImage alone = ImagePixels.toImage(expected, 0);
    for (int y = 0; y < 28; y += 5) {
      for (int x = 0; x < 28; x += 5) {
        assertEquals(alone.getRGB(x, y), drawn.getRGB(x, y), "pixel " + x + ", " + y);
      }
    }
  }

  @Test
  void stepsBeyondTheTimestepsAndAnEtaAboveOneAreRefused() {
    UsageException tooMany = assertThrows(UsageException.class, () -> GenerateJob.run(spark, GenerateOptions.of(
        dir.resolve("model").toString(), 2, dir.resolve("refused").toString())
        .withSampling(new SamplingOptions(101, null))));
    assertTrue(tooMany.getMessage().contains("--steps 101") && tooMany.getMessage().contains("100 timesteps"),
        tooMany.getMessage());
    assertFalse(Files.exists(dir.resolve("refused/summary.json")));
    UsageException eta = assertThrows(UsageException.class, () -> GenerateJob.run(spark, GenerateOptions.of(
        dir.resolve("model").toString(), 2, dir.resolve("refused").toString())
        .withSampling(new SamplingOptions(null, 1.5))));
    assertTrue(eta.getMessage().contains("--eta"), eta.getMessage());
  }
}
