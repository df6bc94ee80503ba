package dev.dgmspark.translate;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.dgmspark.common.UsageException;
import dev.dgmspark.engine.ModelFolder;
import dev.dgmspark.engine.NetworkZip;
import dev.dgmspark.gan.DiffAugment;
import dev.dgmspark.io.Json;
import dev.dgmspark.io.Storage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * A translation model's files in a model folder: {@code model.json} (the configuration, what it translates, the data
 * and the epochs), model zips holding every network with its updater state ({@code model.zip} and
 * {@code checkpoints/epoch-NNNN.zip}; pix2pix: {@value #GENERATOR} (a DL4J graph) and {@value #DISCRIMINATOR} (a
 * DL4J layer stack), CycleGAN: {@link CycleGanModel#write its four}), and the attribute classifier
 * ({@value #CLASSIFIER}).
 */
public final class TranslationFolder {
  /**
   * The attribute classifier (source value against target value) trained with the model's figures, kept for the
   * {@code translate} job's verdicts; absent when the figures were skipped.
   */
  public static final String CLASSIFIER = "classifier.zip";
  /** pix2pix's generator in its model zip. */
  public static final String GENERATOR = "generator.zip";
  private static final String DISCRIMINATOR = "discriminator.zip";

  private TranslationFolder() {}

  /** What {@code model.json} says about a translation model. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonPropertyOrder({"config", "format", "data_index_sha256", "epochs"})
  public record Descriptor(@JsonUnwrapped TranslationConfig config, String dataIndexSha256, int epochs) {
    /** The format marker every model folder carries. */
    @JsonProperty("format")
    public String format() {
      return ModelFolder.FORMAT;
    }

    /** The description with {@code done} epochs. */
    public Descriptor withEpochs(int done) {
      return new Descriptor(config, dataIndexSha256, done);
    }
  }

  /**
   * Reads a translation model's {@code model.json}; any other folder is a usage error naming what it holds.
   *
   * @param expected the model name required ({@code pix2pix} or {@code cyclegan}), or null for either
   */
  public static Descriptor readDescriptor(Path folder, Configuration conf, String expected) throws IOException {
    Path file = new Path(folder, ModelFolder.DESCRIPTOR);
    String wanted = expected == null ? "pix2pix or cyclegan" : expected;
    if (!Storage.fs(file, conf).exists(file)) {
      throw new UsageException(folder + " has no " + ModelFolder.DESCRIPTOR + "; give a folder written by "
          + "'dgm train --model " + wanted + "'");
    }
    JsonNode json = Json.MAPPER.readTree(Storage.readAll(file, conf));
    String kind = json.path("model").asText();
    boolean known = Pix2PixConfig.MODEL.equals(kind) || CycleGanConfig.MODEL.equals(kind);
    if (!ModelFolder.FORMAT.equals(json.path("format").asText()) || !known
        || (expected != null && !expected.equals(kind))) {
      throw new UsageException(folder + " does not hold a " + wanted + " model (model.json says '" + kind + "')");
    }
    TranslationConfig config = Pix2PixConfig.MODEL.equals(kind) ? new Pix2PixConfig(json.path("image_size").asInt(),
        json.path("channels").asInt(), json.path("filters").asInt(), json.path("l1_weight").asDouble(),
        json.path("learning_rate").asDouble(), json.path("beta1").asDouble(), json.path("seed").asLong(),
        json.path("attribute").asText(), json.path("source").asText(), json.path("target").asText())
        : new CycleGanConfig(json.path("image_size").asInt(), json.path("channels").asInt(),
        json.path("filters").asInt(), json.path("cycle_weight").asDouble(), json.path("identity_weight").asDouble(),
        json.path("learning_rate").asDouble(), json.path("beta1").asDouble(), json.path("seed").asLong(),
        json.path("attribute").asText(), json.path("domain_a").asText(), json.path("domain_b").asText(),
        Json.MAPPER.convertValue(json.path("attribute_values"),
            new TypeReference<LinkedHashMap<String, List<String>>>() {}),
        // Folders written before the key existed hold models trained without augmentation.
        DiffAugment.Policy.parse(json.path("augment").asText("none")),
        // Folders written before the key existed translate with the trained weights.
        json.path("ema").asDouble(0),
        // Folders written before the key existed hold models trained without the attribute-keeping terms.
        json.path("keep_weight").asDouble(0));
    return new Descriptor(config, json.path("data_index_sha256").asText(), json.path("epochs").asInt());
  }

  /**
   * One generator of a model zip written by {@link #write} or {@link CycleGanModel#write}: {@code entry}, carrying
   * the moving average of its weights when the zip holds one ({@link NetworkZip#averageEntry}).
   */
  public static ComputationGraph readGenerator(byte[] modelZip, String entry) throws IOException {
    NetworkZip.Contents zip = NetworkZip.read(new ByteArrayInputStream(modelZip));
    ComputationGraph generator = zip.graph(entry, false);
    generator.setParams(zip.average(entry, generator.params()));
    return generator;
  }

  /** Writes both networks with their updater states as one zip. */
  public static void write(Pix2PixModel model, OutputStream out) throws IOException {
    Map<String, Model> networks = new LinkedHashMap<>();
    networks.put(GENERATOR, model.generator());
    networks.put(DISCRIMINATOR, model.discriminator());
    NetworkZip.write(networks, out);
  }

  /** Reads a model zip written by {@link #write}. */
  public static Pix2PixModel read(Pix2PixConfig config, Path file, Configuration conf) throws IOException {
    try (InputStream in = Storage.fs(file, conf).open(file)) {
      return read(config, in);
    }
  }

  /** Reads a model zip written by {@link #write} from a stream. */
  public static Pix2PixModel read(Pix2PixConfig config, InputStream in) throws IOException {
    NetworkZip.Contents zip = NetworkZip.read(in);
    ComputationGraph generator = zip.graph(GENERATOR, true);
    MultiLayerNetwork discriminator = zip.layers(DISCRIMINATOR, true);
    return new Pix2PixModel(config, generator, discriminator);
  }
}
