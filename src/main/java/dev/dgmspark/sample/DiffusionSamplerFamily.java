package dev.dgmspark.sample;

import dev.dgmspark.common.UsageException;
import dev.dgmspark.diffusion.DdimSampler;
import dev.dgmspark.diffusion.DiffusionConfig;
import dev.dgmspark.diffusion.DiffusionFolder;
import dev.dgmspark.engine.ModelFolder;
import dev.dgmspark.engine.NoiseStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Samples diffusion models with the moving-average weights: DDIM at {@value #DEFAULT_STEPS} steps and η = 0 unless
 * asked otherwise; {@code --steps} equal to the model's timesteps with {@code --eta 1} is DDPM's ancestral sampler.
 */
final class DiffusionSamplerFamily implements SamplerFamily {
  /** Denoising steps when none are asked: DDIM's 50 come close to 1000-step quality (Song et al. 2021). */
  static final int DEFAULT_STEPS = 50;

  @Override
  public Set<String> kinds() {
    return Set.of(DiffusionFolder.KIND);
  }

  @Override
  public ImageSampler open(Path folder, Configuration conf, Map<String, String> condition,
      SamplingOptions sampling) throws IOException {
    if (!condition.isEmpty()) {
      throw new UsageException("--condition: the model is an unconditional diffusion model; only cgan models take a "
          + "condition");
    }
    DiffusionConfig config = DiffusionFolder.readDescriptor(folder, conf).config();
    int steps = sampling.steps() != null ? sampling.steps() : Math.min(DEFAULT_STEPS, config.timesteps());
    double eta = sampling.eta() != null ? sampling.eta() : 0.0;
    if (steps < 1 || steps > config.timesteps()) {
      throw new UsageException("--steps " + steps + ": the model has " + config.timesteps() + " timesteps; give 1 to "
          + config.timesteps());
    }
    if (eta < 0 || eta > 1) {
      throw new UsageException("--eta " + eta + " must lie in [0, 1]");
    }
    DdimSampler sampler = new DdimSampler(DiffusionFolder.read(config, new Path(folder, ModelFolder.MODEL), conf)
        .samplingNetwork(), config);
    ImageSampler.Steps settings = new ImageSampler.Steps(DdimSampler.samplerName(steps, eta, config.timesteps()),
        steps, eta);
    record Diffusion(int size, int channels, Steps steps, DdimSampler sampler) implements ImageSampler {
      @Override
      public String kind() {
        return DiffusionFolder.KIND;
      }

      @Override
      public List<String> conditionAttributes() {
        return List.of();
      }

      @Override
      public Map<String, String> fixedCondition() {
        return Map.of();
      }

      @Override
      public Drawn draw(int n, NoiseStream noise) {
        return new Drawn(sampler.sample(n, steps.steps(), steps.eta(), noise), null);
      }
    }
    return new Diffusion(config.imageSize(), config.channels(), settings, sampler);
  }
}
