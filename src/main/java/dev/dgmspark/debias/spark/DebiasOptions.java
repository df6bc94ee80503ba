package dev.dgmspark.debias.spark;

import dev.dgmspark.debias.Combine;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code debias} is asked to do.
 *
 * @param data shard folder
 * @param model model folder, used to encode the shards when {@code latents} is null
 * @param latents latents folder from {@code encode}, or null
 * @param out output folder
 * @param alpha smoothing of the histogram densities: smaller debiases harder
 * @param bins histogram bins per latent dimension
 * @param combine how the per-dimension terms combine into a weight
 * @param size rows to draw; 0 draws as many as the input has
 * @param seed resampling seed
 * @param overwrite replace a finished run in {@code out}
 */
public record DebiasOptions(String data, String model, String latents, String out, double alpha, int bins,
    Combine combine, long size, long seed, boolean overwrite) {

  public Map<String, Object> asMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("data", data);
    map.put("model", model);
    map.put("latents", latents);
    map.put("out", out);
    map.put("alpha", alpha);
    map.put("bins", bins);
    map.put("combine", combine.toString().toLowerCase(java.util.Locale.ROOT));
    map.put("size", size);
    map.put("seed", seed);
    map.put("overwrite", overwrite);
    return map;
  }
}
