package dev.dgmspark.vae;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dgmspark.io.Json;
import dev.dgmspark.io.Storage;
import dev.dgmspark.common.ModelKind;
import dev.dgmspark.engine.ModelFolder;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * An autoencoder's model folder: {@code model.json} (kind, sizes, beta, data checksum, epochs), {@code model.zip}
 * (the final {@code ComputationGraph}), {@code recon.png} and the engine's files ({@link ModelFolder}).
 */
public final class VaeFolder {
  /** Inputs above their reconstructions. */
  public static final String RECON = "recon.png";

  private VaeFolder() {}

  /** The model's description as written to {@code model.json}. */
  public static Map<String, Object> descriptor(VaeConfig config, String dataIndexSha256, int epochs) {
    Map<String, Object> json = new LinkedHashMap<>(config.asMap());
    json.put("format", ModelFolder.FORMAT);
    json.put("data_index_sha256", dataIndexSha256);
    json.put("epochs", epochs);
    return json;
  }

  /** Reads the configuration from a model folder's {@code model.json}. */
  public static VaeConfig readConfig(Path folder, Configuration conf) throws IOException {
    JsonNode json = Json.MAPPER.readTree(Storage.readAll(new Path(folder, ModelFolder.DESCRIPTOR), conf));
    if (!ModelFolder.FORMAT.equals(json.path("format").asText())) {
      throw new IOException(new Path(folder, ModelFolder.DESCRIPTOR) + " is not a dgm-spark model description");
    }
    ModelKind kind = ModelKind.valueOf(json.path("model").asText().toUpperCase(Locale.ROOT));
    if (kind.adversarial()) {
      throw new dev.dgmspark.common.UsageException(folder + " holds a " + kind + " model; this needs an ae, vae or "
          + "betavae model");
    }
    return new VaeConfig(kind,
        json.path("image_size").asInt(), json.path("channels").asInt(), json.path("latent_dim").asInt(),
        json.path("beta").asDouble(), json.path("learning_rate").asDouble(), json.path("seed").asLong());
  }

  /** Loads the final network of a model folder. */
  public static ComputationGraph loadNetwork(Path folder, Configuration conf) throws IOException {
    return load(new Path(folder, ModelFolder.MODEL), conf);
  }

  /** Loads a network file (a DL4J model zip, as {@code model.zip} and checkpoints are) with its updater state. */
  public static ComputationGraph load(Path file, Configuration conf) throws IOException {
    try (java.io.InputStream in = Storage.fs(file, conf).open(file)) {
      return org.deeplearning4j.util.ModelSerializer.restoreComputationGraph(in, true);
    }
  }
}
