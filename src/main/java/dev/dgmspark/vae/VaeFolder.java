package dev.dgmspark.vae;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.dgmspark.io.Json;
import dev.dgmspark.io.Storage;
import dev.dgmspark.common.ModelKind;
import dev.dgmspark.engine.ModelFolder;
import java.io.IOException;
import java.util.Locale;
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

  /**
   * What {@code model.json} says about an autoencoder: its configuration (keys inline), the format marker, the data
   * it was trained on, the epochs done and, for a Gaussian decoder, the pixel variance it is calibrated to (the mean
   * squared reconstruction error on held-out images after the last epoch).
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"format", "data_index_sha256", "epochs", "reconstruction_variance"})
  public record Descriptor(@JsonUnwrapped VaeConfig config, String format, String dataIndexSha256, int epochs,
      Double reconstructionVariance) {}

  /** The model's description as written to {@code model.json}. */
  public static Descriptor descriptor(VaeConfig config, String dataIndexSha256, int epochs, Double variance) {
    return new Descriptor(config, ModelFolder.FORMAT, dataIndexSha256, epochs,
        config.likelihood() == Likelihood.GAUSSIAN ? variance : null);
  }

  /** How the model in {@code folder} scores reconstructions (its likelihood and calibrated variance). */
  public static ReconstructionLoss readLoss(Path folder, Configuration conf) throws IOException {
    VaeConfig config = readConfig(folder, conf);
    JsonNode json = Json.MAPPER.readTree(Storage.readAll(new Path(folder, ModelFolder.DESCRIPTOR), conf));
    return new ReconstructionLoss(config.likelihood(), json.path("reconstruction_variance").asDouble(0));
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
    // Models written before the key existed have a Bernoulli decoder.
    Likelihood likelihood = Likelihood.of(json.path("likelihood").asText(Likelihood.BERNOULLI.label()));
    return new VaeConfig(kind,
        json.path("image_size").asInt(), json.path("channels").asInt(), json.path("latent_dim").asInt(),
        json.path("beta").asDouble(), likelihood, json.path("learning_rate").asDouble(), json.path("seed").asLong());
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
