package dev.dgmspark.diffusion;

import dev.dgmspark.engine.ModelFamily;
import dev.dgmspark.engine.NoiseStream;
import dev.dgmspark.engine.StepMetrics;
import dev.dgmspark.minibatch.BatchLabels;
import dev.dgmspark.minibatch.ImageBatchFile;
import dev.dgmspark.minibatch.ImagePixels;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;

/**
 * The diffusion family on the training engine (DDPM, Ho et al. 2020): each minibatch of clean images x_0 (scaled to
 * [−1, 1]) gets a uniform timestep and Gaussian noise ε per image, and the U-Net is fitted to predict ε from
 * x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε and t with the squared error (the "simple" loss); after every update the moving
 * average of the weights takes the new weights in. Timesteps and noise come from the engine's seeded stream, so two
 * workers given the same start, data and stream make the same updates.
 *
 * @param config the model
 */
public record DiffusionFamily(DiffusionConfig config) implements ModelFamily<DiffusionModel, INDArray> {
  /** The step figure: the mean squared error of the predicted noise per pixel. */
  public static final String NOISE_MSE = "noise_mse";

  @Override
  public DiffusionModel create() {
    return DiffusionModel.create(config);
  }

  @Override
  public DiffusionModel read(InputStream in) throws IOException {
    return DiffusionFolder.read(config, in);
  }

  @Override
  public boolean needsLabels() {
    return false;
  }

  @Override
  public INDArray batch(ImageBatchFile images, BatchLabels labels) {
    return ImagePixels.toInput(images).muli(2).subi(1);
  }

  @Override
  public List<String> stepFigures() {
    return List.of(NOISE_MSE);
  }

  @Override
  public void step(DiffusionModel model, List<INDArray> batches, NoiseStream noise, StepMetrics metrics) {
    NoiseSchedule schedule = config.noiseSchedule();
    ComputationGraph network = model.network();
    for (INDArray x0 : batches) {
      Example example = example(schedule, x0, noise, config.embeddingDim());
      network.fit(new MultiDataSet(new INDArray[] {example.noisy(), example.time()},
          new INDArray[] {example.noise()}));
      metrics.add(NOISE_MSE, meanSquaredError(network.score()));
      metrics.addExamples(x0.size(0));
      model.updateAverage(network.getConfiguration().getIterationCount());
    }
  }

  /**
   * The mean squared error per pixel value from DL4J's score of the {@code CnnLossLayer}: that layer's MSE is the
   * squared error summed over the channels, divided by the channel count, summed over positions and averaged over
   * the images; dividing by the positions gives the mean over every value.
   */
  double meanSquaredError(double score) {
    return score / ((double) config.imageSize() * config.imageSize());
  }

  /**
   * A training example: images noised to random timesteps.
   *
   * @param noisy x_t
   * @param time the timesteps' embeddings
   * @param noise ε, the target
   * @param timesteps each image's t
   */
  public record Example(INDArray noisy, INDArray time, INDArray noise, int[] timesteps) {}

  /** Draws a timestep and noise for each image of {@code x0} and noises it. */
  public static Example example(NoiseSchedule schedule, INDArray x0, NoiseStream random, int embeddingDim) {
    int n = (int) x0.size(0);
    int[] t = new int[n];
    for (int i = 0; i < n; i++) {
      t[i] = random.nextInt(schedule.timesteps());
    }
    INDArray eps = random.gaussian(n, (int) (x0.length() / n)).reshape('c', x0.shape());
    return new Example(schedule.noisy(x0, eps, t), TimeEmbedding.of(t, embeddingDim), eps, t);
  }
}
