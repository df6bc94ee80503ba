package dev.dgmspark.train;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dgmspark.io.Json;
import dev.dgmspark.io.Storage;
import dev.dgmspark.model.ModelKind;
import dev.dgmspark.model.VaeConfig;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * A trained model's folder: {@code model.json} (what the model is and what it was trained on), {@code model.zip}
 * (the final network), {@code checkpoints/}, {@code metrics.csv}, {@code recon.png} and {@code summary.json}.
 */
public final class ModelFolder {
  public static final String DESCRIPTOR = "model.json";
  public static final String MODEL = "model.zip";
  public static final String METRICS = "metrics.csv";
  public static final String RECON = "recon.png";
  public static final String SUMMARY = "summary.json";
  public static final String BATCHES = "batches";

  private ModelFolder() {}

  /** The model's description as written to {@code model.json}. */
  public static Map<String, Object> descriptor(VaeConfig config, String dataIndexSha256, int epochs) {
    Map<String, Object> json = new LinkedHashMap<>(config.asMap());
    json.put("format", "dgm-spark-model");
    json.put("data_index_sha256", dataIndexSha256);
    json.put("epochs", epochs);
    return json;
  }

  /** Reads the configuration from a model folder's {@code model.json}. */
  public static VaeConfig readConfig(Path folder, Configuration conf) throws IOException {
    JsonNode json = Json.MAPPER.readTree(Storage.readAll(new Path(folder, DESCRIPTOR), conf));
    if (!"dgm-spark-model".equals(json.path("format").asText())) {
      throw new IOException(new Path(folder, DESCRIPTOR) + " is not a dgm-spark model description");
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
    return Checkpoints.load(new Path(folder, MODEL), conf);
  }
}
