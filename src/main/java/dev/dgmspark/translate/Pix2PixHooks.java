package dev.dgmspark.translate;

import dev.dgmspark.engine.Checkpoints;
import dev.dgmspark.engine.RunData;
import dev.dgmspark.engine.StepMetrics;
import dev.dgmspark.engine.TrainingHooks;
import dev.dgmspark.engine.TrainingSummary;
import dev.dgmspark.io.Json;
import dev.dgmspark.io.PngWriter;
import dev.dgmspark.io.Storage;
import dev.dgmspark.minibatch.ImagePixels;
import dev.dgmspark.quality.AttributeClassifier;
import dev.dgmspark.report.ImageGrid;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pix2pix family on the driver: the step figures as metrics, a grid of fixed held-out pairs after every epoch
 * (each triple: input | translation | truth), and the held-out figures at the end ({@link TranslationQuality}).
 */
public final class Pix2PixHooks implements TrainingHooks<Pix2PixModel> {
  private static final Logger LOG = LoggerFactory.getLogger(Pix2PixHooks.class);
  private static final Pattern GRIDS = Pattern.compile("translations-epoch-\\d+\\.png");
  private static final int GRID_ROWS = 8;
  private static final int GRID_TRIPLES = 4;

  private final TranslationFolder.Descriptor descriptor;
  private final int evalPairs;
  private PairImages fixed;
  private StepMetrics last;

  /** @param evalPairs held-out pairs to measure the figures on, at most (0: skip them) */
  public Pix2PixHooks(TranslationFolder.Descriptor descriptor, int evalPairs) {
    this.descriptor = descriptor;
    this.evalPairs = evalPairs;
  }

  /** Name of an epoch's grid. */
  public static String gridName(int epoch) {
    return "translations-epoch-" + epoch + ".png";
  }

  @Override
  public String modelName() {
    return Pix2PixConfig.MODEL;
  }

  @Override
  public String describe(Pix2PixModel model) {
    Pix2PixConfig config = model.config();
    return String.format("pix2pix %s %s -> %s (U-Net generator %,d parameters, PatchGAN discriminator %,d on %dx%d "
        + "patches), L1 weight %s", config.attribute(), config.source(), config.target(),
        model.generator().numParams(), model.discriminator().numParams(), config.patches(), config.patches(),
        config.l1Weight());
  }

  @Override
  public List<String> metricColumns() {
    return List.of(Pix2PixFamily.D_LOSS, Pix2PixFamily.G_ADV, Pix2PixFamily.L1, Pix2PixFamily.D_REAL,
        Pix2PixFamily.D_FAKE);
  }

  @Override
  public boolean ownsFile(String name) {
    return GRIDS.matcher(name).matches() || name.equals(TranslationFolder.CLASSIFIER);
  }

  @Override
  public void prepare(RunData data) throws IOException {
    // Held-out pairs first, training pairs after them when there are too few.
    List<String> from = new ArrayList<>(data.heldOut().stream().map(RunData.Minibatch::path).toList());
    data.training().forEach(b -> from.add(b.path()));
    fixed = PairImages.read(from, GRID_ROWS * GRID_TRIPLES, descriptor.config().channels(), data.conf());
  }

  @Override
  public double[] epochFigures(Pix2PixModel model, StepMetrics totals) {
    last = totals;
    return new double[] {totals.mean(Pix2PixFamily.D_LOSS), totals.mean(Pix2PixFamily.G_ADV),
        totals.mean(Pix2PixFamily.L1), totals.mean(Pix2PixFamily.D_REAL), totals.mean(Pix2PixFamily.D_FAKE)};
  }

  @Override
  public String describeEpoch(double[] figures) {
    return String.format("D loss %.3f, G adversarial %.3f, L1 %.4f, D(x, y) %.3f, D(x, G(x)) %.3f", figures[0],
        figures[1], figures[2], figures[3], figures[4]);
  }

  @Override
  public void afterEpoch(Pix2PixModel model, int epoch, Path out, Configuration conf) throws IOException {
    Storage.writeAtomically(new Path(out, gridName(epoch)), PngWriter.bytes(grid(model.generator(), fixed)), conf);
  }

  /** Rows of (input | translation | truth) triples of {@code pairs}. */
  public static BufferedImage grid(org.deeplearning4j.nn.graph.ComputationGraph generator, PairImages pairs) {
    INDArray translated = TranslationQuality.toUnit(TranslationQuality.translate(generator, pairs.source()));
    INDArray source = TranslationQuality.toUnit(pairs.source());
    INDArray target = TranslationQuality.toUnit(pairs.target());
    List<List<BufferedImage>> rows = new ArrayList<>();
    int n = pairs.size();
    for (int start = 0; start < n; start += GRID_TRIPLES) {
      List<BufferedImage> row = new ArrayList<>();
      for (int i = start; i < Math.min(n, start + GRID_TRIPLES); i++) {
        row.add(ImagePixels.toImage(source, i));
        row.add(ImagePixels.toImage(translated, i));
        row.add(ImagePixels.toImage(target, i));
      }
      rows.add(row);
    }
    return ImageGrid.rows(rows, source.size(2) < 48 ? 2 : 1);
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
  public Pix2PixFigures finish(Pix2PixModel model, RunData data) throws IOException {
    TranslationQuality.Figures figures = null;
    String skipped = null;
    if (evalPairs > 0 && !data.heldOut().isEmpty()) {
      int channels = descriptor.config().channels();
      PairImages train = PairImages.read(data.training().stream().map(RunData.Minibatch::path).toList(),
          TranslationQuality.MAX_CLASSIFIER_PAIRS, channels, data.conf());
      PairImages held = PairImages.read(data.heldOut().stream().map(RunData.Minibatch::path).toList(),
          evalPairs, channels, data.conf());
      long start = System.nanoTime();
      AttributeClassifier classifier = TranslationQuality.classifier(train, data.seed());
      // Kept with the model: the translate job gives every translation the classifier's verdict.
      Checkpoints.writeStream(new Path(data.out(), TranslationFolder.CLASSIFIER), data.conf(), classifier::write);
      figures = TranslationQuality.measure(model.generator(), classifier, 2 * train.size(), held);
      LOG.info("train: attribute classifier trained on {} images in {} s", 2 * train.size(),
          String.format("%.1f", (System.nanoTime() - start) / 1e9 - figures.seconds()));
      LOG.info("train: held-out figures on {} pairs in {} s: l1_ratio {}, target_rate {} (inputs {}), classifier "
          + "accuracy {}", figures.heldOutPairs(), figures.seconds(), figures.l1Ratio(), figures.targetRate(),
          figures.inputTargetRate(), figures.classifierAccuracy());
    } else {
      skipped = evalPairs == 0 ? "--eval-samples 0" : "too few minibatches to hold any out";
    }
    return new Pix2PixFigures(round(mean(Pix2PixFamily.D_LOSS)), round(mean(Pix2PixFamily.G_ADV)),
        TrainingSummary.round6(mean(Pix2PixFamily.L1)), model.generator().numParams(),
        model.discriminator().numParams(), figures, skipped == null ? null : new Pix2PixFigures.Skipped(skipped));
  }

  private double mean(String figure) {
    return last == null ? 0 : last.mean(figure);
  }

  private static double round(double value) {
    return TrainingSummary.round(value);
  }
}
