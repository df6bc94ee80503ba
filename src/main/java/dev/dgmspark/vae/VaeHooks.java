package dev.dgmspark.vae;

import dev.dgmspark.engine.AttributeValues;
import dev.dgmspark.engine.RunData;
import dev.dgmspark.engine.StepMetrics;
import dev.dgmspark.engine.TrainingHooks;
import dev.dgmspark.engine.TrainingSummary;
import dev.dgmspark.io.Json;
import dev.dgmspark.io.PngWriter;
import dev.dgmspark.io.Storage;
import dev.dgmspark.minibatch.ImageBatchFile;
import dev.dgmspark.minibatch.ImagePixels;
import dev.dgmspark.minibatch.LabeledImages;
import dev.dgmspark.report.ImageGrid;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The autoencoder family on the driver: the loss terms of every epoch on a fixed set of held-out images (for a
 * Gaussian decoder, with the pixel variance calibrated on them, which {@code model.json} records), the
 * reconstruction picture, and the final figures ({@link VaeFigures}).
 */
public final class VaeHooks implements TrainingHooks<VaeModel> {
  private static final Logger LOG = LoggerFactory.getLogger(VaeHooks.class);
  /** Held-out images the loss terms of every epoch (and the calibrated variance) are measured on. */
  static final int EPOCH_EVAL_IMAGES = 256;
  /** Held-out images the final figures are measured on, at most. */
  static final int FINAL_EVAL_IMAGES = 2000;
  /** Training images the attribute classifier learns from, at most. */
  static final int CLASSIFIER_IMAGES = 6000;
  private static final int GRID_COLUMNS = 8;

  private final VaeConfig config;
  private final String dataIndexSha256;
  private final AttributeValues attributes;
  private INDArray evalImages;
  /** The Gaussian decoder's calibrated pixel variance after the last epoch (null before one or for Bernoulli). */
  private Double variance;

  /**
   * @param attributes the shards' categorical attributes, exported beside the minibatches for the final figures
   */
  public VaeHooks(VaeConfig config, String dataIndexSha256, AttributeValues attributes) {
    this.config = config;
    this.dataIndexSha256 = dataIndexSha256;
    this.attributes = attributes;
  }

  @Override
  public String modelName() {
    return config.kind().toString();
  }

  @Override
  public String describe(VaeModel model) {
    return String.format("%s (%,d parameters, latent %d, beta %s, %s decoder)", config.kind(),
        model.network().numParams(), config.latentDim(), config.beta(), config.likelihood());
  }

  @Override
  public List<String> metricColumns() {
    return List.of("loss", "reconstruction", "kl", VaeFamily.TRAIN_SCORE);
  }

  @Override
  public List<String> labelColumns() {
    return attributes.attributes();
  }

  @Override
  public List<List<String>> labelValues() {
    return attributes.values();
  }

  @Override
  public boolean ownsFile(String name) {
    return name.equals(VaeFolder.RECON);
  }

  @Override
  public void prepare(RunData data) throws IOException {
    List<RunData.Minibatch> source = data.heldOut().isEmpty() ? data.training() : data.heldOut();
    evalImages = firstImages(source, EPOCH_EVAL_IMAGES, data.conf());
  }

  @Override
  public double[] epochFigures(VaeModel model, StepMetrics totals) {
    VaeTerms terms = VaeTerms.evaluate(model.network(), evalImages, loss(null));
    if (config.likelihood() == Likelihood.GAUSSIAN) {
      variance = Math.max(CalibratedGaussianLoss.MIN_VARIANCE, terms.meanSquaredError(evalImages));
    }
    double reconstruction = terms.meanReconstruction();
    double kl = terms.meanKl();
    return new double[] {reconstruction + config.beta() * kl, reconstruction, kl,
        totals.mean(VaeFamily.TRAIN_SCORE)};
  }

  @Override
  public String describeEpoch(double[] figures) {
    return String.format("loss %.2f (reconstruction %.2f, KL %.2f)", figures[0], figures[1], figures[2]);
  }

  @Override
  public byte[] descriptor(int epochs) {
    return Json.pretty(VaeFolder.descriptor(config, dataIndexSha256, epochs, variance));
  }

  @Override
  public Object config() {
    return config;
  }

  /** How reconstructions are scored: with {@code calibratedVariance}, or calibrated on the images at hand (null). */
  private ReconstructionLoss loss(Double calibratedVariance) {
    return new ReconstructionLoss(config.likelihood(), calibratedVariance == null ? 0 : calibratedVariance);
  }

  @Override
  public VaeFigures finish(VaeModel model, RunData data) throws IOException {
    VaeTerms terms = VaeTerms.evaluate(model.network(), evalImages, loss(variance));
    Storage.writeAtomically(new Path(data.out(), VaeFolder.RECON),
        PngWriter.bytes(reconstructionGrid(evalImages, terms)), data.conf());
    double reconstruction = terms.meanReconstruction();
    double kl = terms.meanKl();
    Double recordedVariance = variance == null ? null : TrainingSummary.round6(variance);
    if (data.heldOut().isEmpty()) {
      return new VaeFigures(round(reconstruction + config.beta() * kl), round(reconstruction), round(kl),
          model.network().numParams(), recordedVariance, null, null, null, null, null, null, null);
    }
    long start = System.nanoTime();
    List<String> trainPaths = data.training().stream().map(RunData.Minibatch::path).toList();
    List<String> heldPaths = data.heldOut().stream().map(RunData.Minibatch::path).toList();
    LabeledImages train = read(trainPaths, CLASSIFIER_IMAGES, data.conf());
    LabeledImages held = read(heldPaths, FINAL_EVAL_IMAGES, data.conf());
    ReconstructionQuality.Figures quality = ReconstructionQuality.measure(model.network(), train, held, attributes,
        data.seed());
    LOG.info("train: reconstructions measured on {} held-out images in {} s: mean squared error {} vs {} for the "
        + "mean image{}", quality.images(), String.format("%.1f", (System.nanoTime() - start) / 1e9),
        String.format("%.4f", quality.reconstructionMse()), String.format("%.4f", quality.meanImageMse()),
        quality.ratio() == null ? "" : "; attribute accuracy on reconstructions / originals (min) " + quality.ratio());
    return new VaeFigures(round(reconstruction + config.beta() * kl), round(reconstruction), round(kl),
        model.network().numParams(), recordedVariance, quality.images(), TrainingSummary.round6(
        quality.reconstructionMse()), TrainingSummary.round6(quality.meanImageMse()),
        round(quality.reconstructionMse() / quality.meanImageMse()), quality.attributeAccuracy(),
        quality.reconAttributeAccuracy(), quality.ratio());
  }

  private LabeledImages read(List<String> paths, int limit, Configuration conf) throws IOException {
    if (attributes.attributes().isEmpty()) {
      INDArray images = firstImagesOfPaths(paths, limit, conf);
      return new LabeledImages(images, new int[(int) images.size(0)][0]);
    }
    return LabeledImages.read(paths, limit, conf);
  }

  /** The first {@code limit} images of the minibatch files, in order. */
  private static INDArray firstImages(List<RunData.Minibatch> batches, int limit, Configuration conf)
      throws IOException {
    return firstImagesOfPaths(batches.stream().map(RunData.Minibatch::path).toList(), limit, conf);
  }

  private static INDArray firstImagesOfPaths(List<String> paths, int limit, Configuration conf) throws IOException {
    List<INDArray> parts = new ArrayList<>();
    int have = 0;
    for (String batchPath : paths) {
      Path path = new Path(batchPath);
      try (InputStream in = Storage.fs(path, conf).open(path)) {
        INDArray x = ImagePixels.toInput(ImageBatchFile.read(in));
        parts.add(x);
        have += (int) x.size(0);
      }
      if (have >= limit) {
        break;
      }
    }
    INDArray all = Nd4j.concat(0, parts.toArray(new INDArray[0]));
    return all.get(NDArrayIndex.interval(0, Math.min(limit, have))).dup();
  }

  /** Inputs (top row) above their reconstructions (bottom row), two pairs of rows of eight. */
  public static BufferedImage reconstructionGrid(INDArray x, VaeTerms terms) {
    int n = (int) Math.min(2L * GRID_COLUMNS, x.size(0));
    INDArray reconstructed = terms.reconstructed().get(NDArrayIndex.interval(0, n)).reshape('c', n, x.size(1),
        x.size(2), x.size(3));
    List<List<BufferedImage>> rows = new ArrayList<>();
    for (int from = 0; from < n; from += GRID_COLUMNS) {
      List<BufferedImage> inputs = new ArrayList<>();
      List<BufferedImage> outputs = new ArrayList<>();
      for (int i = from; i < Math.min(n, from + GRID_COLUMNS); i++) {
        inputs.add(ImagePixels.toImage(x, i));
        outputs.add(ImagePixels.toImage(reconstructed, i));
      }
      rows.add(inputs);
      rows.add(outputs);
    }
    return ImageGrid.rows(rows, x.size(2) < 48 ? 3 : 2);
  }

  private static double round(double value) {
    return TrainingSummary.round(value);
  }
}
