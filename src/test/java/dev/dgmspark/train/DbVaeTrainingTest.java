package dev.dgmspark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dgmspark.common.ModelKind;
import dev.dgmspark.common.UsageException;
import dev.dgmspark.dbvae.DbVaeFolder;
import dev.dgmspark.io.Json;
import dev.dgmspark.shard.ShardJob;
import dev.dgmspark.shard.ShardOptions;
import dev.dgmspark.synth.SynthGenerator;
import dev.dgmspark.synth.SynthRequest;
import dev.dgmspark.synth.TargetShares;
import dev.dgmspark.testing.SharedSpark;
import dev.dgmspark.vae.VaeConfig;
import dev.dgmspark.vae.VaeFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --model dbvae} on tiny networks and synthetic faces in local[2]: the baseline and the debiased
 * model in one run, the comparison per group in {@code summary.json}, the resampling log, resume, and the label and
 * group checks.
 */
class DbVaeTrainingTest extends SharedSpark {
  @TempDir static Path dir;

  @BeforeAll
  static void shardFaces() throws Exception {
    TargetShares shares = TargetShares.defaults().withSpec("skin_tone=dark:0.1,medium:0.3")
        .withSpec("glasses=yes:0.5");
    synthAndShard("train", 256, 8, shares);
    synthAndShard("test", 96, 9, TargetShares.defaults().withSpec("skin_tone=dark:0.34,medium:0.33,light:0.33"));
  }

  private static void synthAndShard(String name, int count, long seed, TargetShares shares) throws Exception {
    new SynthGenerator().generate(SynthRequest.of(new org.apache.hadoop.fs.Path(dir.resolve(name + "-img").toUri()),
        count).withSeed(seed).withSize(28).withShares(shares).withConf(new Configuration()));
    ShardJob.run(spark, ShardOptions.of(dir.resolve(name + "-img").toString(), dir.resolve(name).toString())
        .withSize(28));
  }

  private static DbVaeOptions options(String out, int epochs) {
    TrainOptions train = TrainOptions.of(ModelKind.DBVAE, dir.resolve("train").toString(),
        dir.resolve(out).toString()).toBuilder().latentDim(4).batchSize(16).epochs(epochs).maxBatches(3)
        .averagingFrequency(1).build();
    return DbVaeOptions.of(train, "glasses", List.of("skin_tone")).withTest(dir.resolve("test").toString());
  }

  private static JsonNode json(Path file) throws Exception {
    return Json.MAPPER.readTree(file.toFile());
  }

  @Test
  void trainsTheBaselineAndTheDebiasedModelAndComparesThemPerGroup() throws Exception {
    DbVaeTraining.run(spark, options("m", 2));
    Path out = dir.resolve("m");
    JsonNode summary = json(out.resolve("summary.json"));
    assertEquals("dbvae", summary.path("model").asText());
    JsonNode figures = summary; // the figures sit at the top level of summary.json
    assertEquals("[\"skin_tone\"]", figures.path("group_columns").toString());
    assertEquals(96, figures.path("test_images").asLong(), "every test image has a label and a group");
    for (String model : List.of("dbvae", "baseline")) {
      JsonNode groups = figures.path("group_accuracy").path(model);
      assertEquals(3, groups.size(), model + ": one accuracy per skin tone: " + groups);
      double sum = 0;
      double squares = 0;
      for (Iterator<Map.Entry<String, JsonNode>> it = groups.fields(); it.hasNext(); ) {
        double a = it.next().getValue().asDouble();
        assertTrue(a >= 0 && a <= 100, model + ": accuracy in percent " + a);
        sum += a;
        squares += a * a;
      }
      double mean = sum / 3;
      assertEquals(mean, figures.path("accuracy_mean").path(model).asDouble(), 0.02);
      assertEquals(squares / 3 - mean * mean, figures.path("accuracy_variance").path(model).asDouble(), 0.1);
    }
    double dbvae = figures.path("accuracy_variance").path("dbvae").asDouble();
    double baseline = figures.path("accuracy_variance").path("baseline").asDouble();
    if (dbvae > 0.05) {
      assertEquals(baseline / dbvae, figures.path("variance_ratio").asDouble(), 0.02 * baseline / dbvae + 0.01);
    }

    assertTrue(Files.exists(out.resolve("baseline/summary.json")), "the baseline is a model folder of its own");
    JsonNode baselineModel = json(out.resolve("baseline/model.json"));
    assertFalse(baselineModel.path("resampled").asBoolean());
    assertEquals(2, json(out.resolve("baseline/summary.json")).path("epochs").asInt(), "same epochs as dbvae");
    JsonNode model = json(out.resolve("model.json"));
    assertTrue(model.path("resampled").asBoolean());
    assertEquals("glasses", model.path("dbvae").path("label").asText());
    assertEquals("yes", model.path("dbvae").path("positive").asText(), "a two-valued column's 'yes' by default");
    VaeConfig config = VaeFolder.readConfig(new org.apache.hadoop.fs.Path(out.toUri()), new Configuration());
    assertEquals(ModelKind.DBVAE, config.kind(), "encode, debias and generate read a DB-VAE as a VAE");
    assertEquals(3, Files.readAllLines(out.resolve(DbVaeFolder.RESAMPLING)).size(), "a header and one row an epoch");
    assertFalse(Files.exists(out.resolve(DbVaeFolder.TEST_BATCHES)), "the exported test images are removed");
    assertFalse(Files.exists(out.resolve("batches")), "the resampled minibatches are removed");
    assertTrue(Files.size(out.resolve("recon.png")) > 0);

    // Resume to a third epoch: the baseline is trained on to the same epochs, then the debiased model.
    DbVaeOptions more = options("m", 3);
    DbVaeTraining.run(spark, more.withTrain(more.train().withResume(true)));
    assertEquals(3, json(out.resolve("baseline/summary.json")).path("epochs").asInt());
    assertEquals(3, json(out.resolve("summary.json")).path("epochs").asInt());
    assertEquals(4, Files.readAllLines(out.resolve("metrics.csv")).size());
    assertEquals(4, Files.readAllLines(out.resolve(DbVaeFolder.RESAMPLING)).size());
  }

  @Test
  void labelAndGroupsAreCheckedAgainstTheShards() {
    UsageException unknown = assertThrows(UsageException.class, () -> DbVaeTraining.run(spark,
        DbVaeOptions.of(options("bad1", 1).train(), "eyeglasses", List.of("skin_tone"))));
    assertTrue(unknown.getMessage().contains("--label eyeglasses") && unknown.getMessage().contains("skin_tone"),
        unknown.getMessage());
    UsageException value = assertThrows(UsageException.class, () -> DbVaeTraining.run(spark,
        DbVaeOptions.of(options("bad2", 1).train(), "glasses=maybe", List.of("skin_tone"))));
    assertTrue(value.getMessage().contains("no, yes"), value.getMessage());
    UsageException manyValued = assertThrows(UsageException.class, () -> DbVaeTraining.run(spark,
        DbVaeOptions.of(options("bad3", 1).train(), "hair", List.of())));
    assertTrue(manyValued.getMessage().contains("--label hair_color=") , manyValued.getMessage());
    UsageException same = assertThrows(UsageException.class, () -> DbVaeTraining.run(spark,
        DbVaeOptions.of(options("bad4", 1).train(), "glasses", List.of("glasses"))));
    assertTrue(same.getMessage().contains("--groups"), same.getMessage());
    assertFalse(Files.exists(dir.resolve("bad1")) || Files.exists(dir.resolve("bad2")), "nothing written");
  }
}
