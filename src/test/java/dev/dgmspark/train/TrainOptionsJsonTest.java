package dev.dgmspark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dgmspark.common.ModelKind;
import dev.dgmspark.engine.TrainerKind;
import dev.dgmspark.io.Json;
import dev.dgmspark.vae.Likelihood;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The train options as the provenance of {@code summary.json} records them: the command-line names. */
class TrainOptionsJsonTest {
  private static JsonNode json(Object options) throws Exception {
    return Json.MAPPER.readTree(Json.pretty(options));
  }

  private static List<String> keys(JsonNode node) {
    List<String> keys = new ArrayList<>();
    node.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  @Test
  void autoencoderOptionsUseTheCommandLineNames() throws Exception {
    TrainOptions options = new TrainOptions(ModelKind.BETAVAE, "shards", "model", 24, 4.0,
        dev.dgmspark.vae.Likelihood.GAUSSIAN, 7, 32, 0, 0.002, 5, 2, 20, 0, 0, TrainerKind.DL4J_SPARK, false, true);
    JsonNode json = json(options);
    assertEquals(List.of("model", "data", "out", "latent_dim", "beta", "likelihood", "epochs", "batch_size",
        "batch_size_per_worker", "lr", "seed", "workers", "averaging_frequency", "max_batches", "max_train_minutes",
        "trainer", "resume", "overwrite"), keys(json));
    assertEquals("betavae", json.path("model").asText());
    assertEquals("gaussian", json.path("likelihood").asText());
    assertEquals("dl4j-spark", json.path("trainer").asText());
    assertEquals(0.002, json.path("lr").asDouble());
    assertEquals(20, json.path("averaging_frequency").asInt());
  }

  @Test
  void theKlWeightDefaultsPerModelAsTheReadmeSays() {
    assertEquals(0.3, TrainOptions.of(ModelKind.VAE, "d", "o").beta(), "vae: the beta its latents debias best at");
    assertEquals(4.0, TrainOptions.of(ModelKind.BETAVAE, "d", "o").beta());
    assertEquals(1.0, TrainOptions.of(ModelKind.DBVAE, "d", "o").beta());
    assertEquals(TrainOptions.defaultBeta(ModelKind.VAE), TrainOptions.of(ModelKind.VAE, "d", "o").beta());
  }

  @Test
  void theVaeDecoderFollowsTheImagesChannelsAndTheRestFollowsTheDecoder() {
    TrainOptions vae = TrainOptions.of(ModelKind.VAE, "d", "o");
    assertNull(vae.likelihood(), "left to the data");
    TrainOptions colour = vae.withAutoencoderDefaults(3, null);
    assertEquals(Likelihood.GAUSSIAN, colour.likelihood());
    assertEquals(32, colour.latentDim());
    assertEquals(0.003, colour.learningRate());
    assertEquals(32, colour.batchSize());
    TrainOptions grey = vae.withAutoencoderDefaults(1, null);
    assertEquals(Likelihood.BERNOULLI, grey.likelihood());
    assertEquals(16, grey.latentDim());
    assertEquals(0.001, grey.learningRate());
    assertEquals(64, grey.batchSize());
    // The other autoencoders keep the Bernoulli decoder on colour images.
    for (ModelKind kind : List.of(ModelKind.AE, ModelKind.BETAVAE, ModelKind.DBVAE)) {
      assertEquals(Likelihood.BERNOULLI, TrainOptions.of(kind, "d", "o").withAutoencoderDefaults(3, null)
          .likelihood(), kind.toString());
    }
  }

  @Test
  void aNewAutoencodersConfigurationTakesTheFilledInDefaults() {
    TrainOptions vae = TrainOptions.of(ModelKind.VAE, "d", "o");
    assertThrows(IllegalStateException.class, () -> vae.newAutoencoder(32, 3), "defaults not filled in yet");
    dev.dgmspark.vae.VaeConfig colour = vae.withAutoencoderDefaults(3, null).newAutoencoder(32, 3);
    assertEquals(ModelKind.VAE, colour.kind());
    assertEquals(32, colour.imageSize());
    assertEquals(3, colour.channels());
    assertEquals(Likelihood.GAUSSIAN, colour.likelihood());
    assertEquals(32, colour.latentDim());
    assertEquals(0.003, colour.learningRate());
    assertEquals(TrainOptions.defaultBeta(ModelKind.VAE), colour.beta());
    assertEquals(42, colour.seed());
    dev.dgmspark.vae.VaeConfig ae = TrainOptions.of(ModelKind.AE, "d", "o").toBuilder().beta(2.0).build()
        .withAutoencoderDefaults(1, null).newAutoencoder(28, 1);
    assertEquals(0.0, ae.beta(), "an autoencoder has no KL term");
    assertEquals(Likelihood.BERNOULLI, ae.likelihood());
  }

  @Test
  void givenSettingsAndAResumedModelsDecoderWinOverTheDefaults() {
    TrainOptions given = TrainOptions.of(ModelKind.VAE, "d", "o").toBuilder().likelihood(Likelihood.BERNOULLI)
        .latentDim(8).build().withAutoencoderDefaults(3, null);
    assertEquals(Likelihood.BERNOULLI, given.likelihood());
    assertEquals(8, given.latentDim());
    assertEquals(0.001, given.learningRate(), "the given decoder's rate");
    TrainOptions resumed = TrainOptions.of(ModelKind.VAE, "d", "o").withLearningRate(0.01)
        .withAutoencoderDefaults(3, Likelihood.BERNOULLI);
    assertEquals(Likelihood.BERNOULLI, resumed.likelihood(), "the stored model's decoder");
    assertEquals(0.01, resumed.learningRate());
    assertEquals(64, resumed.batchSize());
    TrainOptions gan = TrainOptions.of(ModelKind.GAN, "d", "o");
    assertEquals(TrainOptions.DEFAULT_BATCH_SIZE, gan.batchSize(), "GANs' defaults are set at once");
  }

  @Test
  void ganOptionsLeaveOutTheAutoencoderOnesAndNameTheNoise() throws Exception {
    TrainOptions train = TrainOptions.of(ModelKind.CGAN, "shards", "model").withLatentDim(100);
    JsonNode json = json(GanOptions.of(train, List.of("glasses")));
    for (String key : List.of("latent_dim", "beta", "likelihood", "train", "condition_mode_label", "augment_label")) {
      assertFalse(json.has(key), key);
    }
    assertEquals(100, json.path("noise_dim").asInt());
    assertEquals("cgan", json.path("model").asText());
    assertEquals("glasses", json.path("condition").path(0).asText());
    assertEquals(1, json.path("d_steps").asInt());
    assertEquals(GanOptions.DEFAULT_CONDITION_MODE.label(), json.path("condition_mode").asText());
    assertEquals(1000, json.path("eval_samples").asInt());
    assertEquals("color,translation", json.path("augment").asText());

    JsonNode gan = json(GanOptions.of(TrainOptions.of(ModelKind.GAN, "shards", "model"), List.of()));
    assertFalse(gan.has("condition_mode"));
    assertEquals(0.1, gan.path("label_smoothing").asDouble());
    assertEquals("color,translation", gan.path("augment").asText());
    assertEquals(GanOptions.DEFAULT_EMA, gan.path("ema").asDouble(-1));
    assertEquals(GanOptions.DEFAULT_R1, gan.path("r1").asDouble(-1));
    assertEquals(GanOptions.DEFAULT_REFINE_LAYERS, gan.path("refine_layers").asInt(-1));
    assertEquals(GanOptions.DEFAULT_MINIBATCH_STD, gan.path("minibatch_std").asInt(-1));
    assertEquals("none", gan.path("lr_decay").asText());
    assertEquals("linear", json(GanOptions.of(TrainOptions.of(ModelKind.GAN, "shards", "model"), List.of())
        .withLrDecay(true)).path("lr_decay").asText());
  }

  @Test
  void cycleGanOptionsNameTheirAugmentationAndLeaveOutTheLatentSize() throws Exception {
    CycleGanOptions options = CycleGanOptions.of(TrainOptions.of(ModelKind.CYCLEGAN, "shards", "model"),
        "skin_tone=light", "skin_tone=dark");
    JsonNode json = json(new CycleGanOptions(options.train(), options.domainA(), options.domainB(),
        options.cycleWeight(), options.identityWeight(), options.beta1(), options.filters(), options.evalSamples(),
        dev.dgmspark.gan.DiffAugment.Policy.parse("cutout,translation"), 0.99, 2.5));
    for (String key : List.of("latent_dim", "beta", "likelihood", "train", "augment_label")) {
      assertFalse(json.has(key), key);
    }
    assertEquals("translation,cutout", json.path("augment").asText());
    assertEquals("skin_tone=dark", json.path("domain_b").asText());
    assertEquals(0.99, json.path("ema").asDouble());
    assertEquals(2.5, json.path("keep_weight").asDouble());
    assertEquals(CycleGanOptions.DEFAULT_AUGMENT.label(), json(options).path("augment").asText());
  }
}
