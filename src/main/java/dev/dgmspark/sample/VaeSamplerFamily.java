package dev.dgmspark.sample;

import dev.dgmspark.common.UsageException;
import dev.dgmspark.vae.VaeConfig;
import dev.dgmspark.vae.VaeFolder;
import dev.dgmspark.vae.VaeNetwork;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;

/** Samples autoencoders ({@code ae}, {@code vae}, {@code betavae}): z ~ N(0, I) through the decoder. */
final class VaeSamplerFamily implements SamplerFamily {
  @Override
  public Set<String> kinds() {
    return Set.of("ae", "vae", "betavae");
  }

  @Override
  public ImageSampler open(Path folder, Configuration conf, Map<String, String> condition,
      SamplingOptions sampling) throws IOException {
    VaeConfig config = VaeFolder.readConfig(folder, conf);
    sampling.refuseFor(config.kind().toString());
    if (!condition.isEmpty()) {
      throw new UsageException("--condition: the model is a " + config.kind() + "; only cgan models take a "
          + "condition");
    }
    ComputationGraph net = VaeFolder.loadNetwork(folder, conf);
    return ImageSampler.of(config.kind().toString(), config.imageSize(), config.channels(), List.of(), Map.of(),
        (n, noise) -> new ImageSampler.Drawn(VaeNetwork.decode(net, noise.gaussian(n, config.latentDim())), null));
  }
}
