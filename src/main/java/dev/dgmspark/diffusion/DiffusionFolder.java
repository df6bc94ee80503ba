package dev.dgmspark.diffusion;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.dgmspark.common.UsageException;
import dev.dgmspark.engine.ModelFolder;
import dev.dgmspark.engine.NetworkZip;
import dev.dgmspark.io.Json;
import dev.dgmspark.io.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * A diffusion model's files in a model folder: {@code model.json} ({@code "model": "diffusion"}, the configuration
 * under {@code config}, the data it was trained on and the epochs done) and model zips ({@code model.zip}, the
 * per-epoch checkpoints) holding {@value #NETWORK} (the U-Net with its updater state, a DL4J model zip) and
 * {@value #AVERAGE} (the moving average of its parameters, ND4J's binary array format).
 */
public final class DiffusionFolder {
  /** The {@code model} value of {@code model.json}. */
  public static final String KIND = "diffusion";
  static final String NETWORK = "network.zip";
  static final String AVERAGE = "ema.bin";

  private DiffusionFolder() {}

  /** What {@code model.json} says about a diffusion model. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonPropertyOrder({"model", "format", "config", "data_index_sha256", "epochs"})
  public record Descriptor(DiffusionConfig config, String dataIndexSha256, int epochs) {
    @JsonProperty("model")
    public String model() {
      return KIND;
    }

    @JsonProperty("format")
    public String format() {
      return ModelFolder.FORMAT;
    }

    /** The description with {@code done} epochs. */
    public Descriptor withEpochs(int done) {
      return new Descriptor(config, dataIndexSha256, done);
    }
  }

  /** Reads a diffusion model's {@code model.json}. */
  public static Descriptor readDescriptor(Path folder, Configuration conf) throws IOException {
    JsonNode json = Json.MAPPER.readTree(Storage.readAll(new Path(folder, ModelFolder.DESCRIPTOR), conf));
    String kind = json.path("model").asText();
    if (!ModelFolder.FORMAT.equals(json.path("format").asText()) || !KIND.equals(kind)) {
      throw new UsageException(folder + " does not hold a diffusion model (model.json says '" + kind + "')");
    }
    return new Descriptor(Json.MAPPER.treeToValue(json.path("config"), DiffusionConfig.class),
        json.path("data_index_sha256").asText(), json.path("epochs").asInt());
  }

  /** Writes the network with its updater state and the moving average as one zip. */
  public static void write(DiffusionModel model, OutputStream out) throws IOException {
    NetworkZip.write(Map.<String, Model>of(NETWORK, model.network()), Map.of(AVERAGE, NetworkZip.arrayBytes(model.average())), out);
  }

  /** Reads the model zip at {@code file}. */
  public static DiffusionModel read(DiffusionConfig config, Path file, Configuration conf) throws IOException {
    try (InputStream in = Storage.fs(file, conf).open(file)) {
      return read(config, in);
    }
  }

  /** Reads a model zip written by {@link #write} from a stream. */
  public static DiffusionModel read(DiffusionConfig config, InputStream in) throws IOException {
    NetworkZip.Contents zip = NetworkZip.read(in);
    ComputationGraph network = zip.graph(NETWORK, true);
    return new DiffusionModel(config, network, zip.array(AVERAGE, network.params()));
  }
}
