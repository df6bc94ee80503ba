package dev.dgmspark.sample;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * How to open an {@link ImageSampler} on the model folders of one model family: the one class a new family
 * (diffusion, pix2pix, ...) adds so that {@code generate} and {@code evaluate} draw from its models.
 */
public interface SamplerFamily {
  /** The {@code model} values of {@code model.json} this family opens. */
  Set<String> kinds();

  /**
   * Opens the model in {@code folder}.
   *
   * @param condition condition values to fix, by attribute (a unique prefix of a name is enough); a family
   *     without conditions refuses a non-empty one with a {@link dev.dgmspark.common.UsageException}
   * @param sampling steps and η of a multi-step sampler; a one-pass family refuses anything but the defaults
   */
  ImageSampler open(Path folder, Configuration conf, Map<String, String> condition, SamplingOptions sampling)
      throws IOException;
}
