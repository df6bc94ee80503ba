package dev.dgmspark.sample;

import dev.dgmspark.common.NamePrefixes;
import dev.dgmspark.common.UsageException;
import dev.dgmspark.engine.ModelFolder;
import dev.dgmspark.engine.NoiseStream;
import dev.dgmspark.gan.GanConfig;
import dev.dgmspark.gan.GanFolder;
import dev.dgmspark.gan.GanModel;
import dev.dgmspark.gan.GanSampler;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Samples GANs ({@code gan}, {@code cgan}): noise through the generator; for a cgan each image also gets condition
 * values, the fixed ones as asked and the others drawn from their shares in the training data.
 */
final class GanSamplerFamily implements SamplerFamily {
  @Override
  public Set<String> kinds() {
    return Set.of("gan", "cgan");
  }

  @Override
  public ImageSampler open(Path folder, Configuration conf, Map<String, String> condition,
      SamplingOptions sampling) throws IOException {
    GanFolder.Descriptor descriptor = GanFolder.readDescriptor(folder, conf);
    GanConfig config = descriptor.config();
    sampling.refuseFor(config.conditional() ? "cgan" : "gan");
    GanModel model = GanFolder.read(config, new Path(folder, ModelFolder.MODEL), conf);
    Map<Integer, Integer> fixed = resolveCondition(config, condition);
    List<List<Double>> shares = descriptor.conditionShares();
    Map<String, String> requested = new LinkedHashMap<>();
    fixed.forEach((c, v) -> requested.put(config.conditions().get(c), config.conditionValues().get(c).get(v)));
    return ImageSampler.of(config.conditional() ? "cgan" : "gan", config.imageSize(), config.channels(),
        config.conditions(), requested, (n, noise) -> draw(config, model, shares, fixed, n, noise));
  }

  /** A batch: noise, and for a cgan the drawn conditions with the fixed values put in. */
  private static ImageSampler.Drawn draw(GanConfig config, GanModel model, List<List<Double>> shares,
      Map<Integer, Integer> fixed, int n, NoiseStream noise) {
    INDArray z = noise.gaussian(n, config.noiseDim());
    if (!config.conditional()) {
      return new ImageSampler.Drawn(GanSampler.images(model, z, null), null);
    }
    int[][] codes = new int[n][config.conditions().size()];
    INDArray rows = GanSampler.conditions(config, shares, n, -1, -1, noise, codes);
    // Requested values replace the drawn ones.
    for (int i = 0; i < n; i++) {
      int offset = 0;
      for (int c = 0; c < config.conditions().size(); c++) {
        Integer want = fixed.get(c);
        if (want != null) {
          rows.putScalar(i, offset + codes[i][c], 0f);
          rows.putScalar(i, offset + want, 1f);
          codes[i][c] = want;
        }
        offset += config.conditionValues().get(c).size();
      }
    }
    List<List<String>> values = new ArrayList<>();
    for (int[] row : codes) {
      List<String> v = new ArrayList<>();
      for (int c = 0; c < row.length; c++) {
        v.add(config.conditionValues().get(c).get(row[c]));
      }
      values.add(v);
    }
    return new ImageSampler.Drawn(GanSampler.images(model, z, rows), values);
  }

  /** The requested condition as condition index → value index; names are checked against the model's. */
  static Map<Integer, Integer> resolveCondition(GanConfig config, Map<String, String> requested) {
    if (!config.conditional() && !requested.isEmpty()) {
      throw new UsageException("--condition: the model is an unconditional gan; only cgan models take a condition");
    }
    Map<Integer, Integer> fixed = new LinkedHashMap<>();
    for (Map.Entry<String, String> entry : requested.entrySet()) {
      List<String> matches = NamePrefixes.matches(entry.getKey(), config.conditions());
      if (matches.size() != 1) {
        throw new UsageException("--condition " + entry.getKey() + " is not one of the model's condition attributes; "
            + "allowed: " + String.join(", ", config.conditions()));
      }
      int c = config.conditions().indexOf(matches.get(0));
      int value = config.conditionValues().get(c).indexOf(entry.getValue());
      if (value < 0) {
        throw new UsageException("--condition " + entry.getKey() + "=" + entry.getValue() + ": allowed values of "
            + config.conditions().get(c) + ": " + String.join(", ", config.conditionValues().get(c)));
      }
      fixed.put(c, value);
    }
    return fixed;
  }
}
