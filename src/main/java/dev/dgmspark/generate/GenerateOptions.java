package dev.dgmspark.generate;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code generate} is asked to do.
 *
 * @param model model folder (gan, cgan, vae, betavae or ae)
 * @param count images to generate
 * @param out output folder
 * @param condition cgan: attribute → requested value (a unique prefix of the attribute's name is enough); the
 *     other condition attributes are drawn from their shares in the training data
 * @param seed seed of the noise (and of the drawn conditions)
 * @param overwrite replace a finished run in {@code out}
 */
public record GenerateOptions(String model, int count, String out, Map<String, String> condition, long seed,
    boolean overwrite) {

  public GenerateOptions {
    condition = Map.copyOf(condition);
  }

  /** The options as recorded in provenance. */
  public Map<String, Object> asMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("model", model);
    map.put("count", count);
    map.put("out", out);
    map.put("condition", new java.util.TreeMap<>(condition));
    map.put("seed", seed);
    map.put("overwrite", overwrite);
    return map;
  }
}
