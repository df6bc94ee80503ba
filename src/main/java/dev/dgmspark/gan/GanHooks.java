package dev.dgmspark.gan;

import dev.dgmspark.engine.NoiseStream;
import dev.dgmspark.engine.RunData;
import dev.dgmspark.engine.StepMetrics;
import dev.dgmspark.engine.TrainingHooks;
import dev.dgmspark.engine.TrainingSummary;
import dev.dgmspark.io.Json;
import dev.dgmspark.io.PngWriter;
import dev.dgmspark.io.Storage;
import dev.dgmspark.minibatch.LabeledImages;
import dev.dgmspark.report.ImageGrid;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GAN family on the driver: the step figures as metrics, a sample grid from fixed noise after every epoch, and
 * the quality figures at the end ({@link GanQuality}) on held-out real images.
 */
public final class GanHooks implements TrainingHooks<GanModel> {
  private static final Logger LOG = LoggerFactory.getLogger(GanHooks.class);
  private static final int GRID_SIDE = 8;
  private static final Pattern SAMPLES = Pattern.compile("samples-epoch-\\d+\\.png");

  private final GanFolder.Descriptor descriptor;
  private final int evalSamples;
  private final FixedSamples fixed;
  private StepMetrics last;

  /**
   * @param evalSamples generated images for the quality figures (0: skip them)
   * @param seed the run's seed (the sample grid's noise derives from it)
   */
  public GanHooks(GanFolder.Descriptor descriptor, int evalSamples, long seed) {
    this.descriptor = descriptor;
    this.evalSamples = evalSamples;
    this.fixed = FixedSamples.of(descriptor, GRID_SIDE * GRID_SIDE, seed);
  }

  /** Name of an epoch's sample grid. */
  public static String samplesName(int epoch) {
    return "samples-epoch-" + epoch + ".png";
  }

  @Override
  public String modelName() {
    return descriptor.config().conditional() ? "cgan" : "gan";
  }

  @Override
  public String describe(GanModel model) {
    GanConfig config = model.config();
    return String.format("%s%s (generator %,d parameters, discriminator %,d%s), %d discriminator steps per "
        + "generator step%s%s, %s", modelName(), config.conditional() ? " with " + config.conditionMode().label()
        + " conditioning" : "", model.generator().numParams(), model.discriminator().numParams(),
        config.minibatchStd() > 0 ? " with the minibatch standard deviation over groups of " + config.minibatchStd()
            : "", config.dSteps(),
        config.r1() > 0 ? String.format(" (R1 penalty %s every %d)", config.r1(), GanStep.R1_INTERVAL) : "",
        config.lrDecayEpochs() > 0 ? ", learning rates falling linearly over " + config.lrDecayEpochs() + " epochs"
            : "",
        config.ema() > 0 ? "sampling with the generator's moving average (decay " + config.ema() + ")"
            : "sampling with the trained generator");
  }

  @Override
  public List<String> metricColumns() {
    return List.of(GanFamily.D_LOSS, GanFamily.G_LOSS, GanFamily.D_REAL, GanFamily.D_FAKE);
  }

  @Override
  public List<String> labelColumns() {
    return descriptor.attributes();
  }

  @Override
  public List<List<String>> labelValues() {
    return descriptor.attributeValues();
  }

  @Override
  public boolean ownsFile(String name) {
    return SAMPLES.matcher(name).matches();
  }

  @Override
  public double[] epochFigures(GanModel model, StepMetrics totals) {
    last = totals;
    return new double[] {totals.mean(GanFamily.D_LOSS), totals.mean(GanFamily.G_LOSS),
        totals.mean(GanFamily.D_REAL), totals.mean(GanFamily.D_FAKE)};
  }

  @Override
  public String describeEpoch(double[] figures) {
    return String.format("D loss %.3f, G loss %.3f, D(x) %.3f, D(G(z)) %.3f", figures[0], figures[1], figures[2],
        figures[3]);
  }

  @Override
  public void afterEpoch(GanModel model, int epoch, Path out, Configuration conf) throws IOException {
    Storage.writeAtomically(new Path(out, samplesName(epoch)), PngWriter.bytes(fixed.grid(model)), conf);
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
  public GanFigures finish(GanModel model, RunData data) throws IOException {
    GanQualityFigures quality = null;
    String skipped = null;
    if (evalSamples > 0 && !data.heldOut().isEmpty() && !descriptor.attributes().isEmpty()) {
      long start = System.nanoTime();
      LabeledImages real = LabeledImages.read(data.training().stream().map(RunData.Minibatch::path).toList(),
          GanQuality.MAX_CLASSIFIER_IMAGES, data.conf());
      LabeledImages held = LabeledImages.read(data.heldOut().stream().map(RunData.Minibatch::path).toList(),
          GanQuality.MAX_HELD_OUT_IMAGES, data.conf());
      quality = GanQuality.evaluate(model, descriptor, real, held, evalSamples, data.seed())
          .withSeconds(TrainingSummary.round((System.nanoTime() - start) / 1e9));
      LOG.info("train: quality figures measured in {} s", quality.seconds());
    } else {
      skipped = evalSamples == 0 ? "--eval-samples 0" : data.heldOut().isEmpty()
          ? "too few minibatches to hold any out" : "the shards have no attribute columns";
    }
    StepMetrics totals = last;
    return new GanFigures(round(mean(totals, GanFamily.D_LOSS)), round(mean(totals, GanFamily.G_LOSS)),
        round(mean(totals, GanFamily.D_REAL)), round(mean(totals, GanFamily.D_FAKE)), model.generator().numParams(),
        model.discriminator().numParams(), quality, skipped == null ? null : new GanFigures.Skipped(skipped));
  }

  private static double mean(StepMetrics totals, String figure) {
    return totals == null ? 0 : totals.mean(figure);
  }

  private static double round(double value) {
    return TrainingSummary.round(value);
  }

  /** The noise (and cgan conditions) of the per-epoch sample grid, fixed for the whole run. */
  record FixedSamples(INDArray noise, INDArray condition) {
    static FixedSamples of(GanFolder.Descriptor descriptor, int n, long seed) {
      GanConfig config = descriptor.config();
      NoiseStream random = new NoiseStream(NoiseStream.seedFor(seed, -1, -1));
      INDArray noise = random.gaussian(n, config.noiseDim());
      INDArray condition = null;
      if (config.conditional()) {
        // Row r of the grid asks for value r (cycling) of the first condition attribute.
        List<List<Double>> shares = descriptor.conditionShares();
        int values = config.conditionValues().get(0).size();
        List<INDArray> rows = new ArrayList<>();
        for (int r = 0; r < GRID_SIDE; r++) {
          rows.add(GanSampler.conditions(config, shares, n / GRID_SIDE, 0, r % values, random,
              new int[n / GRID_SIDE][config.conditions().size()]));
        }
        condition = Nd4j.concat(0, rows.toArray(new INDArray[0]));
      }
      return new FixedSamples(noise, condition);
    }

    BufferedImage grid(GanModel model) {
      INDArray images = GanSampler.images(model, noise, condition);
      return ImageGrid.of(images, GRID_SIDE, GRID_SIDE * GRID_SIDE, images.size(2) < 48 ? 2 : 1);
    }
  }
}
