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
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CycleGAN family on the driver: the step figures as metrics, a grid of fixed held-out images after every epoch
 * (each row: a | G(a) | F(G(a)) | b | F(b) | G(F(b))), and the held-out figures at the end ({@link CycleGanQuality}).
 * Exports every categorical attribute of both images beside each minibatch, for the figures' classifier.
 */
public final class CycleGanHooks implements TrainingHooks<CycleGanModel> {
  private static final Logger LOG = LoggerFactory.getLogger(CycleGanHooks.class);
  private static final Pattern GRIDS = Pattern.compile("translations-epoch-\\d+\\.png");
  private static final int GRID_ROWS = 8;
  private static final long KEEPER_SEED_OFFSET = 1_000_003;

  private final TranslationFolder.Descriptor descriptor;
  private final CycleGanConfig config;
  private final int evalImages;
  private final CycleGanModel start;
  private DomainImages fixed;
  private StepMetrics last;

  /**
   * @param evalImages held-out images of each domain to measure the figures on, at most (0: skip them)
   * @param start the fresh model a new run starts from, whose attribute classifier (if its configuration has
   *     attribute-keeping terms) {@link #prepare} trains; null when resuming (the checkpoint holds the classifier)
   */
  public CycleGanHooks(TranslationFolder.Descriptor descriptor, int evalImages, CycleGanModel start) {
    this.descriptor = descriptor;
    this.config = (CycleGanConfig) descriptor.config();
    this.evalImages = evalImages;
    this.start = start;
  }

  @Override
  public String modelName() {
    return CycleGanConfig.MODEL;
  }

  @Override
  public String describe(CycleGanModel model) {
    return String.format("cyclegan %s %s <-> %s (two U-Net generators of %,d parameters, two PatchGAN "
        + "discriminators of %,d on %dx%d patches), cycle weight %s, identity weight %s%s", config.attribute(),
        config.domainA(), config.domainB(), model.generatorAb().numParams(), model.discriminatorA().numParams(),
        config.shape().patches(), config.shape().patches(), config.cycleWeight(), config.identityWeight(),
        config.keepWeight() > 0
            ? ", keep weight " + config.keepWeight() + " on " + config.keptAttributes().keySet() : "");
  }

  @Override
  public List<String> metricColumns() {
    return CycleGanFamily.figures(config);
  }

  @Override
  public List<String> labelColumns() {
    List<String> both = new ArrayList<>(config.attributes());
    both.addAll(config.attributes());
    return both;
  }

  @Override
  public List<List<String>> labelValues() {
    List<List<String>> values = new ArrayList<>(config.attributeValues().values());
    values.addAll(config.attributeValues().values());
    return values;
  }

  @Override
  public boolean ownsFile(String name) {
    return GRIDS.matcher(name).matches() || name.equals(TranslationFolder.CLASSIFIER);
  }

  @Override
  public void prepare(RunData data) throws IOException {
    // Held-out images first, training images after them when there are too few.
    List<String> from = new ArrayList<>(data.heldOut().stream().map(RunData.Minibatch::path).toList());
    data.training().forEach(b -> from.add(b.path()));
    fixed = DomainImages.read(from, GRID_ROWS, config.channels(), 0, data.conf());
    if (start != null && start.keeper() != null) {
      long begin = System.nanoTime();
      DomainImages train = DomainImages.read(data.training().stream().map(RunData.Minibatch::path).toList(),
          CycleGanQuality.MAX_CLASSIFIER_EXAMPLES, config.channels(), config.attributes().size(), data.conf());
      // Another seed than the figures' classifier, so that the figures are not read by the network trained against.
      AttributeClassifier keeper = CycleGanQuality.keeper(config, train, data.seed() + KEEPER_SEED_OFFSET);
      start.keeper().graph().params().assign(keeper.graph().params());
      LOG.info("train: attribute classifier of the keep terms trained on {} images in {} s", 2 * train.size(),
          String.format("%.1f", (System.nanoTime() - begin) / 1e9));
    }
  }

  @Override
  public double[] epochFigures(CycleGanModel model, StepMetrics totals) {
    last = totals;
    return metricColumns().stream().mapToDouble(totals::mean).toArray();
  }

  @Override
  public String describeEpoch(double[] figures) {
    return String.format("D_A loss %.3f, D_B loss %.3f, G adversarial %.3f, cycle L1 %.4f, identity L1 %.4f, "
        + "D_B(b) %.3f, D_B(G(a)) %.3f", figures[0], figures[1], figures[2], figures[3], figures[4], figures[5],
        figures[6]) + (figures.length > 7 ? String.format(", keep cross-entropy %.4f", figures[7]) : "");
  }

  @Override
  public void afterEpoch(CycleGanModel model, int epoch, Path out, Configuration conf) throws IOException {
    Storage.writeAtomically(new Path(out, Pix2PixHooks.gridName(epoch)), PngWriter.bytes(grid(model, fixed)), conf);
  }

  /** One row per example of {@code images}: a | G(a) | F(G(a)) | b | F(b) | G(F(b)). */
  public static BufferedImage grid(CycleGanModel model, DomainImages images) {
    List<ComputationGraph> translators = model.translators();
    INDArray ab = TranslationQuality.translate(translators.get(0), images.a());
    INDArray aba = TranslationQuality.translate(translators.get(1), ab);
    INDArray ba = TranslationQuality.translate(translators.get(1), images.b());
    INDArray bab = TranslationQuality.translate(translators.get(0), ba);
    List<INDArray> columns = List.of(images.a(), ab, aba, images.b(), ba, bab).stream()
        .map(TranslationQuality::toUnit).toList();
    List<List<BufferedImage>> rows = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      List<BufferedImage> row = new ArrayList<>();
      for (INDArray column : columns) {
        row.add(ImagePixels.toImage(column, i));
      }
      rows.add(row);
    }
    return ImageGrid.rows(rows, images.a().size(2) < 48 ? 2 : 1);
  }

  @Override
  public byte[] descriptor(int epochsDone) {
    return Json.pretty(descriptor.withEpochs(epochsDone));
  }

  @Override
  public Object config() {
    return config;
  }

  @Override
  public CycleGanFigures finish(CycleGanModel model, RunData data) throws IOException {
    CycleGanQuality.Figures figures = null;
    String skipped = null;
    if (evalImages > 0 && !data.heldOut().isEmpty()) {
      int attributes = config.attributes().size();
      DomainImages train = DomainImages.read(data.training().stream().map(RunData.Minibatch::path).toList(),
          CycleGanQuality.MAX_CLASSIFIER_EXAMPLES, config.channels(), attributes, data.conf());
      DomainImages held = DomainImages.read(data.heldOut().stream().map(RunData.Minibatch::path).toList(),
          evalImages, config.channels(), attributes, data.conf());
      long start = System.nanoTime();
      AttributeClassifier classifier = CycleGanQuality.classifier(config, train, data.seed());
      // Kept with the model: the translate job gives every translation the classifier's verdict.
      Checkpoints.writeStream(new Path(data.out(), TranslationFolder.CLASSIFIER), data.conf(), classifier::write);
      figures = CycleGanQuality.measure(model, classifier, 2 * train.size(), held);
      LOG.info("train: attribute classifier trained on {} images in {} s", 2 * train.size(),
          String.format("%.1f", (System.nanoTime() - start) / 1e9 - figures.seconds()));
      LOG.info("train: held-out figures on {} images of each domain in {} s: a->b target_rate {} (inputs {}), "
          + "kept_rate {} {}, cycle_l1 {}; b->a target_rate {}, kept_rate {} {}, cycle_l1 {}; classifier accuracy {}; "
          + "kept_rate by the keeping classifier a->b {}, b->a {}", figures.heldOut(), figures.seconds(),
          figures.targetRate(), figures.inputTargetRate(), figures.keptRate(), figures.keptRates(), figures.cycleL1(),
          figures.targetRateB2a(), figures.keptRateB2a(), figures.keptRatesB2a(), figures.cycleL1B2a(),
          figures.classifierAccuracy(), figures.keeperKeptRate(), figures.keeperKeptRateB2a());
    } else {
      skipped = evalImages == 0 ? "--eval-samples 0" : "too few minibatches to hold any out";
    }
    return new CycleGanFigures(mean(CycleGanFamily.D_LOSS_A), mean(CycleGanFamily.D_LOSS_B),
        mean(CycleGanFamily.G_ADV), TrainingSummary.round6(last == null ? 0 : last.mean(CycleGanFamily.CYCLE_L1)),
        TrainingSummary.round6(last == null ? 0 : last.mean(CycleGanFamily.IDENTITY_L1)),
        model.generatorAb().numParams(), model.discriminatorA().numParams(), figures,
        skipped == null ? null : new Pix2PixFigures.Skipped(skipped));
  }

  private double mean(String figure) {
    return TrainingSummary.round(last == null ? 0 : last.mean(figure));
  }
}
