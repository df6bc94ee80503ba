package dev.dgmspark.gan;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.dgmspark.common.UsageException;
import dev.dgmspark.io.Json;
import dev.dgmspark.io.Storage;
import dev.dgmspark.engine.ModelFolder;
import dev.dgmspark.engine.NetworkZip;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * A GAN's files in a model folder: {@code model.json} (the configuration, the attribute values and their shares in
 * the training data) and model zips holding both networks with their updater states ({@code model.zip} and the
 * per-epoch {@code checkpoints/epoch-NNNN.zip}): a zip with {@code generator.zip} and {@code discriminator.zip},
 * each a DL4J model zip, and with a moving average of the generator ({@link GanConfig#ema()}) the average as
 * {@code generator-average.bin} (ND4J's binary array format).
 */
public final class GanFolder {
  private static final String GENERATOR = "generator.zip";
  private static final String DISCRIMINATOR = "discriminator.zip";

  private GanFolder() {}

  /**
   * What {@code model.json} says about a GAN: its configuration (keys inline), the format marker, each attribute's
   * values with their shares in the training data, the data it was trained on and the epochs done.
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonPropertyOrder({"config", "format", "attribute_shares", "data_index_sha256", "epochs"})
  public record Descriptor(@JsonUnwrapped GanConfig config, @JsonIgnore List<String> attributes,
      @JsonIgnore List<List<String>> attributeValues, @JsonIgnore List<List<Double>> attributeShares,
      String dataIndexSha256, int epochs) {

    /** The format marker every model folder carries. */
    @JsonProperty("format")
    public String format() {
      return ModelFolder.FORMAT;
    }

    /** Each attribute's values with their shares in the training data, as {@code model.json} holds them. */
    @JsonProperty("attribute_shares")
    public Map<String, Map<String, Double>> sharesByAttribute() {
      Map<String, Map<String, Double>> shares = new LinkedHashMap<>();
      for (int a = 0; a < attributes.size(); a++) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (int v = 0; v < attributeValues.get(a).size(); v++) {
          values.put(attributeValues.get(a).get(v), attributeShares.get(a).get(v));
        }
        shares.put(attributes.get(a), values);
      }
      return shares;
    }

    /** For each condition attribute, its values' shares in the training data. */
    public List<List<Double>> conditionShares() {
      return config.conditions().stream().map(c -> attributeShares.get(attributes.indexOf(c))).toList();
    }

    /** The model folder's description with {@code done} epochs. */
    public Descriptor withEpochs(int done) {
      return new Descriptor(config, attributes, attributeValues, attributeShares, dataIndexSha256, done);
    }
  }

  /** True when the model folder holds a gan or cgan. */
  public static boolean isGan(Path folder, Configuration conf) throws IOException {
    String kind = Json.MAPPER.readTree(Storage.readAll(new Path(folder, ModelFolder.DESCRIPTOR), conf))
        .path("model").asText();
    return kind.equals("gan") || kind.equals("cgan");
  }

  public static void writeDescriptor(Path folder, Descriptor descriptor, Configuration conf) throws IOException {
    Storage.writeAtomically(new Path(folder, ModelFolder.DESCRIPTOR), Json.pretty(descriptor), conf);
  }

  /** Reads a GAN's {@code model.json}. */
  public static Descriptor readDescriptor(Path folder, Configuration conf) throws IOException {
    JsonNode json = Json.MAPPER.readTree(Storage.readAll(new Path(folder, ModelFolder.DESCRIPTOR), conf));
    String kind = json.path("model").asText();
    if (!ModelFolder.FORMAT.equals(json.path("format").asText()) || !(kind.equals("gan") || kind.equals("cgan"))) {
      throw new UsageException(folder + " does not hold a gan or cgan model (model.json says '" + kind + "')");
    }
    List<String> conditions = new ArrayList<>();
    List<List<String>> conditionValues = new ArrayList<>();
    json.path("condition").fields().forEachRemaining(e -> {
      conditions.add(e.getKey());
      List<String> values = new ArrayList<>();
      e.getValue().forEach(v -> values.add(v.asText()));
      conditionValues.add(values);
    });
    GanConfig config = new GanConfig(kind.equals("cgan"), json.path("image_size").asInt(),
        json.path("channels").asInt(), json.path("noise_dim").asInt(), json.path("filters").asInt(), conditions,
        conditionValues, json.path("learning_rate").asDouble(), json.path("beta1").asDouble(),
        json.path("label_smoothing").asDouble(), json.path("d_steps").asInt(), json.path("seed").asLong(),
        // Folders written before the key existed hold input-mode cgans.
        ConditionMode.of(json.path("condition_mode").asText(ConditionMode.INPUT.label())),
        // Folders written before the key existed hold models trained without augmentation.
        DiffAugment.Policy.parse(json.path("augment").asText("none")),
        // Folders written before the key existed sample with the trained weights.
        json.path("ema").asDouble(0),
        // Folders written before the key existed hold discriminators trained without the penalty.
        json.path("r1").asDouble(0),
        // Folders written before the key existed hold generators without full-resolution layers.
        json.path("refine_layers").asInt(0),
        // Folders written before the key existed hold discriminators without the feature.
        json.path("minibatch_std").asInt(0),
        // Folders written before the key existed trained at a constant learning rate.
        json.path("lr_decay_epochs").asInt(0));
    List<String> attributes = new ArrayList<>();
    List<List<String>> values = new ArrayList<>();
    List<List<Double>> shares = new ArrayList<>();
    json.path("attribute_shares").fields().forEachRemaining(e -> {
      attributes.add(e.getKey());
      List<String> v = new ArrayList<>();
      List<Double> s = new ArrayList<>();
      e.getValue().fields().forEachRemaining(f -> {
        v.add(f.getKey());
        s.add(f.getValue().asDouble());
      });
      values.add(v);
      shares.add(s);
    });
    return new Descriptor(config, attributes, values, shares, json.path("data_index_sha256").asText(),
        json.path("epochs").asInt());
  }

  /** Writes both networks with their updater states as one zip. */
  public static void write(GanModel model, OutputStream out) throws IOException {
    Map<String, Model> networks = new LinkedHashMap<>();
    networks.put(GENERATOR, model.generator());
    networks.put(DISCRIMINATOR, model.discriminator());
    Map<String, byte[]> extra = new LinkedHashMap<>();
    if (model.average() != null) {
      extra.put(NetworkZip.averageEntry(GENERATOR), NetworkZip.arrayBytes(model.average()));
    }
    NetworkZip.write(networks, extra, out);
  }

  /** Reads a model zip written by {@link #write}. */
  public static GanModel read(GanConfig config, Path file, Configuration conf) throws IOException {
    try (InputStream in = Storage.fs(file, conf).open(file)) {
      return read(config, in);
    }
  }

  /** Reads a model zip written by {@link #write} from a stream. */
  public static GanModel read(GanConfig config, InputStream in) throws IOException {
    NetworkZip.Contents zip = NetworkZip.read(in);
    MultiLayerNetwork generator = zip.layers(GENERATOR, true);
    MultiLayerNetwork discriminator = zip.layers(DISCRIMINATOR, true);
    if (config.ema() == 0) {
      return new GanModel(config, generator, discriminator, null);
    }
    // A zip without the average (a folder whose model.json gained an ema) starts it at the generator's weights.
    return new GanModel(config, generator, discriminator, zip.average(GENERATOR, generator.params()));
  }
}
