package dev.dgmspark.diffusion;

import dev.dgmspark.engine.MinibatchFiles;
import dev.dgmspark.engine.NoiseStream;
import dev.dgmspark.engine.RunData;
import dev.dgmspark.engine.StepMetrics;
import dev.dgmspark.engine.TrainingHooks;
import dev.dgmspark.engine.TrainingSummary;
import dev.dgmspark.io.Json;
import dev.dgmspark.io.PngWriter;
import dev.dgmspark.io.Storage;
import dev.dgmspark.report.ImageGrid;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The diffusion family on the driver: the noise-prediction loss as the metric, after every epoch a small grid drawn
 * with a few DDIM steps from fixed noise (cheap enough not to slow training), and at the end the held-out loss of
 * the trained and of the moving-average weights and a grid drawn with {@value #FINAL_STEPS} DDIM steps.
 */
public final class DiffusionHooks implements TrainingHooks<DiffusionModel> {
  private static final Logger LOG = LoggerFactory.getLogger(DiffusionHooks.class);
  /** The final grid's name. */
  public static final String SAMPLES = "samples.png";
  /** DDIM steps of the per-epoch grid. */
  static final int EPOCH_STEPS = 10;
  /** DDIM steps of the final grid (the sampling default of generate and evaluate). */
  static final int FINAL_STEPS = 50;
  private static final int COLUMNS = 8;
  private static final int EPOCH_IMAGES = 32;
  private static final int FINAL_IMAGES = 64;
  /** Held-out minibatches the final loss is measured on, at most. */
  private static final int HELD_OUT_BATCHES = 8;
  private static final Pattern EPOCH_SAMPLES = Pattern.compile("samples-epoch-\\d+\\.png");

  private final DiffusionFolder.Descriptor descriptor;
  private final long seed;
  private StepMetrics last;

  /** @param seed the run's seed (the grids' noise derives from it) */
  public DiffusionHooks(DiffusionFolder.Descriptor descriptor, long seed) {
    this.descriptor = descriptor;
    this.seed = seed;
  }

  /** Name of an epoch's sample grid. */
  public static String samplesName(int epoch) {
    return "samples-epoch-" + epoch + ".png";
  }

  @Override
  public String modelName() {
    return DiffusionFolder.KIND;
  }

  @Override
  public String describe(DiffusionModel model) {
    DiffusionConfig config = model.config();
    return String.format("diffusion U-Net (%,d parameters, %d filters, %d levels), %s schedule over %d timesteps, "
        + "EMA %s", model.network().numParams(), config.filters(), config.levels(), config.schedule().label(),
        config.timesteps(), config.ema());
  }

  @Override
  public List<String> metricColumns() {
    return List.of(DiffusionFamily.NOISE_MSE);
  }

  @Override
  public boolean ownsFile(String name) {
    return EPOCH_SAMPLES.matcher(name).matches() || name.equals(SAMPLES);
  }

  @Override
  public double[] epochFigures(DiffusionModel model, StepMetrics totals) {
    last = totals;
    return new double[] {totals.mean(DiffusionFamily.NOISE_MSE)};
  }

  @Override
  public String describeEpoch(double[] figures) {
    return String.format("noise MSE %.4f", figures[0]);
  }

  @Override
  public void afterEpoch(DiffusionModel model, int epoch, Path out, Configuration conf) throws IOException {
    writeGrid(model.samplingNetwork(), model.config(), EPOCH_IMAGES,
        Math.min(EPOCH_STEPS, model.config().timesteps()), new Path(out, samplesName(epoch)), conf);
  }

  @Override
  public byte[] descriptor(int epochsDone) {
    return Json.pretty(descriptor.withEpochs(epochsDone));
  }

  @Override
  public Object config() {
    return descriptor.config();
  }

  @Override
  public DiffusionFigures finish(DiffusionModel model, RunData data) throws IOException {
    long start = System.nanoTime();
    int steps = Math.min(FINAL_STEPS, model.config().timesteps());
    ComputationGraph sampling = model.samplingNetwork();
    writeGrid(sampling, model.config(), FINAL_IMAGES, steps, new Path(data.out(), SAMPLES), data.conf());
    Double trained = null;
    Double averaged = null;
    int images = 0;
    if (!data.heldOut().isEmpty()) {
      DiffusionFamily family = new DiffusionFamily(model.config());
      List<INDArray> batches = new ArrayList<>();
      for (RunData.Minibatch batch : data.heldOut().subList(0, Math.min(HELD_OUT_BATCHES, data.heldOut().size()))) {
        batches.add(MinibatchFiles.read(family, batch.path(), data.conf()));
      }
      INDArray x0 = Nd4j.concat(0, batches.toArray(new INDArray[0]));
      images = (int) x0.size(0);
      trained = TrainingSummary.round6(noiseMse(model.network(), model.config(), x0, data.seed()));
      averaged = TrainingSummary.round6(noiseMse(sampling, model.config(), x0, data.seed()));
    }
    LOG.info("train: final samples and held-out loss in {} s", String.format("%.1f",
        (System.nanoTime() - start) / 1e9));
    double finalMse = last == null ? 0 : TrainingSummary.round6(last.mean(DiffusionFamily.NOISE_MSE));
    return new DiffusionFigures(finalMse, images, trained, averaged, model.network().numParams(), SAMPLES, steps);
  }

  /**
   * The mean squared error per value of {@code network}'s noise prediction on {@code x0} (in [−1, 1]) at timesteps
   * and noise drawn from a stream seeded by {@code seed}: the same draws for every network measured.
   */
  public static double noiseMse(ComputationGraph network, DiffusionConfig config, INDArray x0, long seed) {
    NoiseStream random = new NoiseStream(NoiseStream.seedFor(seed, -8, -8));
    DiffusionFamily.Example example = DiffusionFamily.example(config.noiseSchedule(), x0, random,
        config.embeddingDim());
    INDArray predicted = network.output(false, example.noisy(), example.time())[0];
    return predicted.squaredDistance(example.noise()) / predicted.length();
  }

  private void writeGrid(ComputationGraph sampling, DiffusionConfig config, int n, int steps, Path file,
      Configuration conf) throws IOException {
    INDArray images = new DdimSampler(sampling, config).sample(n, steps, 0,
        new NoiseStream(NoiseStream.seedFor(seed, -1, -1)));
    Storage.writeAtomically(file, PngWriter.bytes(ImageGrid.of(images, COLUMNS, n, config.imageSize() < 48 ? 2 : 1)),
        conf);
  }
}
