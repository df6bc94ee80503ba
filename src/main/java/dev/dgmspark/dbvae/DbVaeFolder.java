package dev.dgmspark.dbvae;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.dgmspark.engine.ModelFolder;
import dev.dgmspark.io.Json;
import dev.dgmspark.io.Storage;
import dev.dgmspark.vae.VaeConfig;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * A DB-VAE model folder: an autoencoder's folder ({@code model.json} with the VAE's keys inline, so that
 * {@code encode}, {@code debias}, {@code generate}, {@code traverse} and {@code outliers} read it as a VAE), the
 * DB-VAE settings under {@code dbvae}, {@value #RESAMPLING} (each epoch's draw), and the baseline trained in the
 * same run under {@value #BASELINE}/.
 */
public final class DbVaeFolder {
  /** The baseline model's folder: same network, same epochs, no resampling. */
  public static final String BASELINE = "baseline";
  /** Each epoch's resampling: effective sample size and the drawn images' attribute shares. */
  public static final String RESAMPLING = "resampling.csv";
  /** The test images as minibatch files, while the run measures its figures. */
  public static final String TEST_BATCHES = "test-batches";

  private DbVaeFolder() {}

  /**
   * What {@code model.json} says about a DB-VAE.
   *
   * @param resampled false for the baseline
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonPropertyOrder({"format", "data_index_sha256", "epochs", "resampled", "dbvae"})
  public record Descriptor(@JsonUnwrapped VaeConfig vae, String format, String dataIndexSha256, int epochs,
      boolean resampled, DbVaeConfig dbvae) {}

  /** The model's description as written to {@code model.json}. */
  public static Descriptor descriptor(VaeConfig vae, DbVaeConfig config, boolean resampled, String dataIndexSha256,
      int epochs) {
    return new Descriptor(vae, ModelFolder.FORMAT, dataIndexSha256, epochs, resampled, config);
  }

  /** Reads DB-VAE's settings from a model folder's {@code model.json}. */
  public static DbVaeConfig readConfig(Path folder, Configuration conf) throws IOException {
    Path file = new Path(folder, ModelFolder.DESCRIPTOR);
    JsonNode dbvae = Json.MAPPER.readTree(Storage.readAll(file, conf)).path("dbvae");
    if (dbvae.isMissingNode()) {
      throw new IOException(file + " does not describe a DB-VAE model");
    }
    return Json.MAPPER.treeToValue(dbvae, DbVaeConfig.class);
  }
}
