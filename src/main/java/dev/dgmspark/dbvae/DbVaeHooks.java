package dev.dgmspark.dbvae;

import dev.dgmspark.engine.RunData;
import dev.dgmspark.engine.StepMetrics;
import dev.dgmspark.engine.TrainingHooks;
import dev.dgmspark.engine.TrainingSummary;
import dev.dgmspark.io.Json;
import dev.dgmspark.io.PngWriter;
import dev.dgmspark.io.Storage;
import dev.dgmspark.minibatch.BatchLabels;
import dev.dgmspark.minibatch.LabeledImages;
import dev.dgmspark.vae.ReconstructionLoss;
import dev.dgmspark.vae.VaeConfig;
import dev.dgmspark.vae.VaeFolder;
import dev.dgmspark.vae.VaeHooks;
import dev.dgmspark.vae.VaeModel;
import dev.dgmspark.vae.VaeTerms;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DB-VAE on the driver: every epoch's classification accuracy and VAE terms on held-out images, the reconstruction
 * picture, and at the end the accuracy per group of test images of this model and, for the debiased model, of the
 * baseline trained before it in the same run ({@link DbVaeFigures}).
 */
public final class DbVaeHooks implements TrainingHooks<VaeModel> {
  private static final Logger LOG = LoggerFactory.getLogger(DbVaeHooks.class);
  /** Held-out images the figures of every epoch are measured on. */
  static final int EPOCH_EVAL_IMAGES = 512;
  /** Test images the group figures are measured on, at most. */
  static final int MAX_TEST_IMAGES = 100_000;
  /** The model keys of the figures. */
  public static final String DBVAE = "dbvae";
  public static final String BASELINE = "baseline";
  private static final int PREDICT_BATCH = 256;

  /**
   * The test images: minibatch files exported from the {@code --test} shards with the run's label columns, or
   * none (the held-out minibatches are used).
   *
   * @param paths the test minibatch files (empty: held-out minibatches)
   * @param source what the summary says about them
   */
  public record TestSet(List<String> paths, String source) {}

  private final VaeConfig vae;
  private final DbVaeConfig config;
  private final boolean resampled;
  private final String dataIndexSha256;
  private final List<String> labelColumns;
  private final List<List<String>> labelValues;
  private final int positiveCode;
  private final TestSet test;
  private final Path baselineFolder;
  private LabeledImages evalImages;

  /**
   * @param resampled true for the debiased model, false for the baseline
   * @param labelColumns the exported label columns: the label first, then the group columns
   * @param labelValues per exported column, its values (a value's position is its code)
   * @param positiveCode the positive value's code in the label column
   * @param baselineFolder the baseline's model folder, compared with at the end (null: none)
   */
  public DbVaeHooks(VaeConfig vae, DbVaeConfig config, boolean resampled, String dataIndexSha256,
      List<String> labelColumns, List<List<String>> labelValues, int positiveCode, TestSet test,
      Path baselineFolder) {
    this.vae = vae;
    this.config = config;
    this.resampled = resampled;
    this.dataIndexSha256 = dataIndexSha256;
    this.labelColumns = List.copyOf(labelColumns);
    this.labelValues = List.copyOf(labelValues);
    this.positiveCode = positiveCode;
    this.test = test;
    this.baselineFolder = baselineFolder;
  }

  @Override
  public String modelName() {
    return "dbvae";
  }

  @Override
  public String describe(VaeModel model) {
    return String.format("dbvae%s (%,d parameters, latent %d, classifying %s=%s, class weight %s, VAE loss on %s)",
        resampled ? "" : " baseline without resampling", model.network().numParams(), vae.latentDim(),
        config.label(), config.positive(), config.classWeight(), config.vaeLoss().label());
  }

  @Override
  public List<String> metricColumns() {
    return List.of("accuracy", "reconstruction", "kl", DbVaeFamily.TRAIN_SCORE);
  }

  @Override
  public List<String> labelColumns() {
    return labelColumns;
  }

  @Override
  public List<List<String>> labelValues() {
    return labelValues;
  }

  @Override
  public boolean ownsFile(String name) {
    return name.equals(VaeFolder.RECON) || name.equals(DbVaeFolder.RESAMPLING);
  }

  @Override
  public boolean keepsFile(String name) {
    return name.equals(DbVaeFolder.BASELINE) || name.equals(DbVaeFolder.TEST_BATCHES);
  }

  @Override
  public void prepare(RunData data) throws IOException {
    List<RunData.Minibatch> source = data.heldOut().isEmpty() ? data.training() : data.heldOut();
    evalImages = LabeledImages.read(source.stream().map(RunData.Minibatch::path).toList(), EPOCH_EVAL_IMAGES,
        data.conf());
  }

  @Override
  public double[] epochFigures(VaeModel model, StepMetrics totals) {
    VaeTerms terms = VaeTerms.evaluate(model.network(), evalImages.images(), loss());
    GroupAccuracy accuracy = accuracy(model.network(), evalImages, List.of());
    return new double[] {accuracy.overall(), terms.meanReconstruction(), terms.meanKl(),
        totals.mean(DbVaeFamily.TRAIN_SCORE)};
  }

  @Override
  public String describeEpoch(double[] figures) {
    return String.format("accuracy %.2f%% (reconstruction %.2f, KL %.2f)", figures[0], figures[1], figures[2]);
  }

  @Override
  public byte[] descriptor(int epochsDone) {
    return Json.pretty(DbVaeFolder.descriptor(vae, config, resampled, dataIndexSha256, epochsDone));
  }

  @Override
  public Object config() {
    return config;
  }

  @Override
  public DbVaeFigures finish(VaeModel model, RunData data) throws IOException {
    VaeTerms terms = VaeTerms.evaluate(model.network(), evalImages.images(), loss());
    Storage.writeAtomically(new Path(data.out(), VaeFolder.RECON),
        PngWriter.bytes(VaeHooks.reconstructionGrid(evalImages.images(), terms)), data.conf());
    double finalAccuracy = accuracy(model.network(), evalImages, List.of()).overall();

    List<String> paths = test.paths().isEmpty()
        ? data.heldOut().stream().map(RunData.Minibatch::path).toList() : test.paths();
    List<String> groupColumns = labelColumns.subList(1, labelColumns.size());
    Map<String, GroupAccuracy> byModel = new LinkedHashMap<>();
    long testImages = 0;
    if (!paths.isEmpty() && !groupColumns.isEmpty()) {
      LabeledImages images = LabeledImages.read(paths, MAX_TEST_IMAGES, data.conf());
      List<Integer> groups = new ArrayList<>();
      for (int c = 1; c < labelColumns.size(); c++) {
        groups.add(c);
      }
      byModel.put(resampled ? DBVAE : BASELINE, accuracy(model.network(), images, groups));
      if (baselineFolder != null) {
        ComputationGraph baseline = VaeFolder.loadNetwork(baselineFolder, data.conf());
        byModel.put(BASELINE, accuracy(baseline, images, groups));
      }
      testImages = byModel.values().iterator().next().images().values().stream().mapToLong(Long::longValue).sum();
    }
    Map<String, Map<String, Double>> groupAccuracy = new LinkedHashMap<>();
    Map<String, Double> overall = new LinkedHashMap<>();
    Map<String, Double> mean = new LinkedHashMap<>();
    Map<String, Double> variance = new LinkedHashMap<>();
    Map<String, Long> groupImages = null;
    for (Map.Entry<String, GroupAccuracy> e : byModel.entrySet()) {
      GroupAccuracy a = e.getValue();
      Map<String, Double> rounded = new TreeMap<>();
      a.accuracy().forEach((g, v) -> rounded.put(g, round2(v)));
      groupAccuracy.put(e.getKey(), rounded);
      overall.put(e.getKey(), round2(a.overall()));
      mean.put(e.getKey(), round2(a.mean()));
      variance.put(e.getKey(), round2(a.variance()));
      groupImages = a.images();
      LOG.info("train: {} on {} test images: accuracy {}%, per group {}, mean {}%, variance {}", e.getKey(),
          a.images().values().stream().mapToLong(Long::longValue).sum(), round2(a.overall()), rounded,
          round2(a.mean()), round2(a.variance()));
    }
    Double ratio = null;
    if (byModel.containsKey(DBVAE) && byModel.containsKey(BASELINE) && byModel.get(DBVAE).variance() > 0) {
      ratio = TrainingSummary.round(byModel.get(BASELINE).variance() / byModel.get(DBVAE).variance());
    }
    String source = test.paths().isEmpty() ? "held-out minibatches" : test.source();
    return new DbVaeFigures(round2(finalAccuracy), TrainingSummary.round(terms.meanReconstruction()),
        TrainingSummary.round(terms.meanKl()), model.network().numParams(), source, testImages,
        List.copyOf(groupColumns), groupImages, byModel.isEmpty() ? null : groupAccuracy,
        byModel.isEmpty() ? null : overall, byModel.isEmpty() ? null : mean, byModel.isEmpty() ? null : variance,
        ratio);
  }

  /** Accuracy of {@code net} on {@code images}, grouped by the values of the label columns {@code groups}. */
  private GroupAccuracy accuracy(ComputationGraph net, LabeledImages images, List<Integer> groups) {
    int n = images.size();
    boolean[] predicted = new boolean[n];
    for (int from = 0; from < n; from += PREDICT_BATCH) {
      int to = Math.min(n, from + PREDICT_BATCH);
      INDArray p = DbVaeNetwork.classify(net, images.images().get(NDArrayIndex.interval(from, to)));
      for (int i = from; i < to; i++) {
        predicted[i] = p.getDouble(i - from) >= 0.5;
      }
    }
    boolean[] actual = new boolean[n];
    boolean[] known = new boolean[n];
    String[] group = new String[n];
    for (int i = 0; i < n; i++) {
      int code = images.codes()[i][DbVaeFamily.LABEL_COLUMN];
      known[i] = code != BatchLabels.MISSING;
      actual[i] = code == positiveCode;
      group[i] = groupName(images.codes()[i], groups);
    }
    return GroupAccuracy.of(predicted, actual, known, group);
  }

  /** The group of an image: its values of the group columns joined by '/', null when one is missing. */
  private String groupName(int[] codes, List<Integer> groups) {
    if (groups.isEmpty()) {
      return "all";
    }
    List<String> parts = new ArrayList<>();
    for (int c : groups) {
      if (codes[c] == BatchLabels.MISSING) {
        return null;
      }
      parts.add(labelValues.get(c).get(codes[c]));
    }
    return String.join("/", parts);
  }

  private ReconstructionLoss loss() {
    return new ReconstructionLoss(vae.likelihood(), 0);
  }

  private static double round2(double value) {
    return Math.round(value * 100) / 100.0;
  }
}
