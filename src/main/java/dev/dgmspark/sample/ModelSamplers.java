package dev.dgmspark.sample;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dgmspark.common.UsageException;
import dev.dgmspark.engine.ModelFolder;
import dev.dgmspark.io.Json;
import dev.dgmspark.io.Storage;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/** The registry of {@link SamplerFamily}s: opens a sampler on any model folder {@code train} writes. */
public final class ModelSamplers {
  /** Every family that can be sampled; a new family adds its line here. */
  private static final List<SamplerFamily> FAMILIES = List.of(new GanSamplerFamily(), new VaeSamplerFamily(),
      new DiffusionSamplerFamily());

  private ModelSamplers() {}

  /**
   * Opens the model in {@code folder} ({@code option} names the folder in messages).
   *
   * @throws UsageException when the folder has no {@code model.json} or holds a kind no family samples
   */
  public static ImageSampler open(Path folder, Configuration conf, Map<String, String> condition,
      SamplingOptions sampling, String option) throws IOException {
    Path descriptor = new Path(folder, ModelFolder.DESCRIPTOR);
    if (!Storage.fs(descriptor, conf).exists(descriptor)) {
      throw new UsageException(option + " " + folder + " has no " + ModelFolder.DESCRIPTOR
          + "; give a folder written by 'dgm train'");
    }
    JsonNode json = Json.MAPPER.readTree(Storage.readAll(descriptor, conf));
    String kind = json.path("model").asText();
    for (SamplerFamily family : FAMILIES) {
      if (family.kinds().contains(kind)) {
        return family.open(folder, conf, condition, sampling);
      }
    }
    throw new UsageException(option + " " + folder + " holds a model of kind '" + kind + "', which cannot be "
        + "sampled; allowed kinds: " + String.join(", ", kinds()));
  }

  /** Every kind some family samples, sorted. */
  public static List<String> kinds() {
    TreeSet<String> kinds = new TreeSet<>();
    FAMILIES.forEach(f -> kinds.addAll(f.kinds()));
    return List.copyOf(kinds);
  }
}
