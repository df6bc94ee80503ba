package dev.dgmspark.encode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code encode} is asked to do.
 *
 * @param data shard folder
 * @param model model folder (from {@code train})
 * @param out output folder; latents go to {@code out/latents}
 * @param batchSize images per inference batch
 * @param overwrite replace a finished run in {@code out}
 */
public record EncodeOptions(String data, String model, String out, int batchSize, boolean overwrite) {
  public static final int DEFAULT_BATCH_SIZE = 128;

  public Map<String, Object> asMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("data", data);
    map.put("model", model);
    map.put("out", out);
    map.put("batch_size", batchSize);
    map.put("overwrite", overwrite);
    return map;
  }
}
