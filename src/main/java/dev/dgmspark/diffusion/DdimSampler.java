package dev.dgmspark.diffusion;

import dev.dgmspark.engine.NoiseStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Draws images from a trained noise-prediction network by DDIM (Song et al. 2021) on a subsequence of the
 * timesteps: from x_t, with ε = ε_θ(x_t, t), the clean-image estimate x̂_0 = (x_t − √(1 − ᾱ_t) ε) / √ᾱ_t, then the
 * next, less noisy, x_s = √ᾱ_s x̂_0 + √(1 − ᾱ_s − σ²) ε + σ z with
 * σ = η √((1 − ᾱ_s) / (1 − ᾱ_t)) √(1 − ᾱ_t / ᾱ_s). η = 0 is deterministic given the starting noise; η = 1 on every
 * timestep is DDPM's ancestral sampler (σ² is then the posterior variance β̃_t of Ho et al. 2020).
 *
 * <p>x̂_0 is clipped to the images' [−1, 1] and ε recomputed from it, as DDPM's and DDIM's reference samplers do:
 * without it the early, very noisy steps can predict values far outside the image range, and the error grows over
 * the steps.
 */
public final class DdimSampler {
  private final ComputationGraph network;
  private final DiffusionConfig config;
  private final NoiseSchedule schedule;

  /** Samples with {@code network} (usually the moving-average weights) of a model configured by {@code config}. */
  public DdimSampler(ComputationGraph network, DiffusionConfig config) {
    this.network = network;
    this.config = config;
    this.schedule = config.noiseSchedule();
  }

  /** The name of the sampler for a number of steps and η, as summaries record it: ddpm or ddim. */
  public static String samplerName(int steps, double eta, int timesteps) {
    return steps == timesteps && eta == 1.0 ? "ddpm" : "ddim";
  }

  /**
   * The timesteps visited, from the noisiest: {@code steps} values evenly spread over [0, T − 1], both ends
   * included (all of them when {@code steps} = T).
   */
  public static int[] timesteps(int timesteps, int steps) {
    if (steps < 1 || steps > timesteps) {
      throw new IllegalArgumentException("sampling steps must lie in [1, " + timesteps + "], not " + steps);
    }
    int[] visited = new int[steps];
    for (int i = 0; i < steps; i++) {
      int from = steps - 1 - i;
      visited[i] = steps == 1 ? timesteps - 1 : (int) Math.round((double) (timesteps - 1) * from / (steps - 1));
    }
    return visited;
  }

  /**
   * Draws {@code n} images: noise x_T from {@code noise}, then {@code steps} denoising steps with {@code eta}.
   *
   * @return [n, channels, size, size] values in [0, 1]
   */
  public INDArray sample(int n, int steps, double eta, NoiseStream noise) {
    int values = config.channels() * config.imageSize() * config.imageSize();
    INDArray x = noise.gaussian(n, values).reshape('c', n, config.channels(), config.imageSize(),
        config.imageSize());
    int[] visited = timesteps(schedule.timesteps(), steps);
    for (int i = 0; i < visited.length; i++) {
      int t = visited[i];
      int s = i + 1 < visited.length ? visited[i + 1] : -1;
      INDArray predicted = network.output(false, x, TimeEmbedding.repeated(t, n, config.embeddingDim()))[0];
      INDArray z = eta > 0 && s >= 0 ? noise.gaussian(n, values).reshape('c', x.shape()) : null;
      x = step(schedule, x, predicted, t, s, eta, z, true);
    }
    return x.addi(1).divi(2);
  }

  /**
   * One DDIM update from timestep {@code t} to {@code s} (s &lt; t; −1 for the clean image).
   *
   * @param z fresh N(0, I) noise of x's shape; only read when σ &gt; 0
   * @param clip clip x̂_0 to [−1, 1] and recompute ε from it
   */
  public static INDArray step(NoiseSchedule schedule, INDArray xt, INDArray predictedNoise, int t, int s, double eta,
      INDArray z, boolean clip) {
    double alphaT = schedule.alphaBar(t);
    double alphaS = schedule.alphaBar(s);
    INDArray x0 = xt.sub(predictedNoise.mul(Math.sqrt(1 - alphaT))).divi(Math.sqrt(alphaT));
    INDArray eps = predictedNoise;
    if (clip) {
      x0 = Transforms.min(Transforms.max(x0, -1.0, false), 1.0, false);
      eps = xt.sub(x0.mul(Math.sqrt(alphaT))).divi(Math.sqrt(1 - alphaT));
    }
    double sigma = eta * Math.sqrt((1 - alphaS) / (1 - alphaT)) * Math.sqrt(1 - alphaT / alphaS);
    INDArray next = x0.mul(Math.sqrt(alphaS)).addi(eps.mul(Math.sqrt(Math.max(0, 1 - alphaS - sigma * sigma))));
    if (sigma > 0) {
      next.addi(z.mul(sigma));
    }
    return next;
  }
}
