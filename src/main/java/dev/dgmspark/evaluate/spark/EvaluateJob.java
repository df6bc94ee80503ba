package dev.dgmspark.evaluate.spark;

import dev.dgmspark.common.Provenance;
import dev.dgmspark.common.Sha256;
import dev.dgmspark.common.UsageException;
import dev.dgmspark.engine.NoiseStream;
import dev.dgmspark.evaluate.AttributeFit;
import dev.dgmspark.evaluate.ClassifierTwoSampleTest;
import dev.dgmspark.evaluate.EvaluateOptions;
import dev.dgmspark.evaluate.EvaluationReport;
import dev.dgmspark.evaluate.EvaluationSummary;
import dev.dgmspark.evaluate.FeatureModelInfo;
import dev.dgmspark.evaluate.FeatureNetwork;
import dev.dgmspark.evaluate.HeldOutSplit;
import dev.dgmspark.evaluate.ManifoldPrecisionRecall;
import dev.dgmspark.io.Json;
import dev.dgmspark.io.OutputFolder;
import dev.dgmspark.io.PngWriter;
import dev.dgmspark.io.Storage;
import dev.dgmspark.minibatch.BatchLabels;
import dev.dgmspark.quality.AttributeClassifier;
import dev.dgmspark.quality.FrechetDistance;
import dev.dgmspark.report.ImageGrid;
import dev.dgmspark.sample.ImageSampler;
import dev.dgmspark.sample.ModelSamplers;
import dev.dgmspark.shard.ShardIndex;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code evaluate} job: measures a generator (a model folder, or a shard folder of images it generated) against
 * held-out real images of a shard folder, in the fixed feature space of a {@link FeatureNetwork} (trained here and
 * saved in {@code out/feature-model}, or reused with {@code --feature-model}), and writes {@code evaluation.json}
 * (written last: its presence marks a finished run), {@code index.html}, {@code real-grid.png} and
 * {@code generated-grid.png}.
 *
 * <p>The real images are read and decoded in the executors; the held-out split (a few thousand images at most) and
 * the generated images are measured on the driver, where the sampling speed is timed too (one JVM thread).
 */
public final class EvaluateJob {
  private static final Logger LOG = LoggerFactory.getLogger(EvaluateJob.class);
  public static final String SUMMARY = "evaluation.json";
  public static final String REPORT = "index.html";
  public static final String FEATURE_MODEL = "feature-model";
  public static final String REAL_GRID = "real-grid.png";
  public static final String GENERATED_GRID = "generated-grid.png";
  /** Held-out real images per half, at most. */
  public static final int MAX_HALF_IMAGES = 2500;
  /** Held-out real images per half, at least. */
  public static final int MIN_HALF_IMAGES = 20;
  /** Images per forward pass when drawing (and timing the throughput). */
  static final int BATCH = 256;
  /** Single-image draws timed for the latency. */
  static final int LATENCY_DRAWS = 16;
  /** Images of the warm-up draw of a multi-step sampler. */
  static final int MULTI_STEP_WARM_UP = 2;
  /** Single-image draws timed for the latency of a multi-step sampler. */
  static final int MULTI_STEP_LATENCY_DRAWS = 2;
  private static final int GRID_SIDE = 8;
  private static final int MAX_ATTRIBUTE_VALUES = 64;

  private EvaluateJob() {}

  /** Runs the job and returns what {@code evaluation.json} says. */
  public static EvaluationSummary run(SparkSession spark, EvaluateOptions options) throws IOException {
    Instant startedAt = Instant.now();
    long start = System.nanoTime();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    if ((options.model() == null) == (options.samples() == null)) {
      throw new UsageException("give exactly one of --model (a model folder) and --samples (generated shards)");
    }
    Path data = Storage.qualify(options.data(), conf);
    ShardIndex index = ShardIndex.readRequired(data, conf, "--data", options.data());
    String dataSha = Sha256.hex(Storage.readAll(new Path(data, ShardIndex.FILE_NAME), conf));
    Path out = Storage.qualify(options.out(), conf);

    ImageSampler sampler = null;
    Path modelFolder = null;
    Path samplesFolder = null;
    ShardIndex samplesIndex = null;
    if (options.model() != null) {
      modelFolder = Storage.qualify(options.model(), conf);
      sampler = ModelSamplers.open(modelFolder, conf, Map.of(), options.sampling(), "--model");
      checkSameImages("--model " + options.model() + " makes", sampler.size(), sampler.channels(), index);
    } else {
      if (!options.sampling().isDefault()) {
        throw new UsageException((options.sampling().steps() != null ? "--steps" : "--eta") + " tells how to draw "
            + "from a diffusion model: give --model, not --samples");
      }
      samplesFolder = Storage.qualify(options.samples(), conf);
      samplesIndex = ShardIndex.readRequired(samplesFolder, conf, "--samples", options.samples());
      checkSameImages("--samples " + options.samples() + " holds", samplesIndex.size(), samplesIndex.channels(),
          index);
    }
    FeatureNetwork features = null;
    Path featureFolder;
    if (options.featureModel() != null) {
      featureFolder = Storage.qualify(options.featureModel(), conf);
      if ((featureFolder.toString() + "/").startsWith(out.toString() + "/")) {
        throw new UsageException("--feature-model " + options.featureModel() + " lies inside --out " + options.out()
            + ", which this run replaces; copy it elsewhere or give another --out");
      }
      features = FeatureNetwork.read(featureFolder, conf, "--feature-model");
      features.checkFits(index.size(), index.channels(), "--feature-model", options.featureModel(), "--data");
    } else {
      featureFolder = new Path(out, FEATURE_MODEL);
    }
    OutputFolder.prepare(out, conf, options.overwrite(), SUMMARY,
        Set.of(REPORT, FEATURE_MODEL, REAL_GRID, GENERATED_GRID));

    // The real images: the feature network's training rows (when it is trained here) and the held-out halves.
    boolean trainedNow = features == null;
    HeldOutSplit split = trainedNow ? new HeldOutSplit(options.heldOutShare(), options.seed())
        : features.info().split();
    ShardImages.Collected reference = ShardImages.read(spark, data, index, split, ShardImages.Part.REFERENCE_HALF,
        index.attributes(), MAX_HALF_IMAGES, "evaluate: held-out real images (reference half)");
    ShardImages.Collected floor = ShardImages.read(spark, data, index, split, ShardImages.Part.FLOOR_HALF,
        index.attributes(), MAX_HALF_IMAGES, "evaluate: held-out real images (floor half)");
    if (reference.size() < MIN_HALF_IMAGES || floor.size() < MIN_HALF_IMAGES) {
      throw new UsageException(String.format("--data %s has %d and %d held-out images in the two halves; evaluate "
          + "needs at least %d in each: give more images%s", options.data(), reference.size(), floor.size(),
          MIN_HALF_IMAGES, trainedNow ? " or a larger --held-out-share" : ""));
    }
    INDArray heldOut = Nd4j.concat(0, reference.images(), floor.images());
    List<String[]> heldOutValues = new ArrayList<>(reference.attributes());
    heldOutValues.addAll(floor.attributes());
    if (trainedNow) {
      features = trainFeatureNetwork(spark, data, index, dataSha, split, options, featureFolder, heldOut,
          heldOutValues, conf);
    } else if (!features.info().dataIndexSha256().equals(dataSha)) {
      LOG.warn("evaluate: the feature model {} was trained on other shards ({}, index sha256 {}); its held-out "
          + "split is not held out from it on {}", featureFolder, features.info().data(),
          features.info().dataIndexSha256(), data);
    }
    FeatureModelInfo info = features.info();
    int count = options.count() > 0 ? options.count() : floor.size();
    if (count <= options.k() || count < 4) {
      throw new UsageException("--count " + count + " is too small: precision and recall with --k " + options.k()
          + " need more than " + options.k() + " generated images, and at least 4");
    }

    // The generated images, timed when a model draws them.
    INDArray generated;
    Double imagesPerSecond = null;
    Double latencyMs = null;
    EvaluationSummary.Sampling sampling = null;
    long sampleStart = System.nanoTime();
    if (sampler != null) {
      // Warm-up (JIT, native buffers); a multi-step sampler warms up on a few images, each costing many passes.
      int warmUp = sampler.steps() == null ? Math.min(BATCH, count) : Math.min(MULTI_STEP_WARM_UP, count);
      sampler.draw(warmUp, new NoiseStream(NoiseStream.seedFor(options.seed(), -5, -5)));
      NoiseStream noise = new NoiseStream(NoiseStream.seedFor(options.seed(), -4, -4));
      List<INDArray> parts = new ArrayList<>();
      long t0 = System.nanoTime();
      for (int from = 0; from < count; from += BATCH) {
        parts.add(sampler.draw(Math.min(BATCH, count - from), noise).images());
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      generated = Nd4j.concat(0, parts.toArray(new INDArray[0]));
      NoiseStream single = new NoiseStream(NoiseStream.seedFor(options.seed(), -6, -6));
      // A multi-step sampler's single image already runs its network many times: a few draws time it well.
      int latencyDraws = sampler.steps() == null ? LATENCY_DRAWS : MULTI_STEP_LATENCY_DRAWS;
      for (int i = 0; i < (sampler.steps() == null ? 3 : 1); i++) {
        sampler.draw(1, single);
      }
      long t1 = System.nanoTime();
      for (int i = 0; i < latencyDraws; i++) {
        sampler.draw(1, single);
      }
      imagesPerSecond = round(count / seconds);
      latencyMs = round((System.nanoTime() - t1) / 1e6 / latencyDraws);
      ImageSampler.Steps steps = sampler.steps();
      sampling = new EvaluationSummary.Sampling(BATCH, latencyDraws, System.getenv("OMP_NUM_THREADS"),
          steps == null ? null : steps.sampler(), steps == null ? null : steps.steps(),
          steps == null ? null : steps.eta());
      LOG.info("evaluate: drew {} images from the {} model{}: {} images/s in batches of {}, {} ms for one image",
          count, sampler.kind(), steps == null ? "" : " (" + steps.sampler() + ", " + steps.steps() + " steps)",
          imagesPerSecond, BATCH, latencyMs);
    } else {
      generated = ShardImages.read(spark, samplesFolder, samplesIndex, split, ShardImages.Part.ALL, List.of(), count,
          "evaluate: generated images").images();
      if (generated.size(0) < count) {
        if (options.count() > 0) {
          throw new UsageException("--samples " + options.samples() + " holds " + generated.size(0)
              + " images; --count asks for " + count);
        }
        count = (int) generated.size(0);
        if (count <= options.k() || count < 4) {
          throw new UsageException("--samples " + options.samples() + " holds " + count + " images; precision and "
              + "recall with --k " + options.k() + " need more than " + options.k());
        }
      }
    }
    double sampleSeconds = (System.nanoTime() - sampleStart) / 1e9;

    long measureStart = System.nanoTime();
    double[][] referenceFeatures = features.features(reference.images());
    double[][] floorFeatures = features.features(floor.images());
    double[][] generatedFeatures = features.features(generated);
    double frechet = FrechetDistance.between(referenceFeatures, generatedFeatures);
    double frechetFloor = FrechetDistance.between(referenceFeatures, floorFeatures);
    ManifoldPrecisionRecall.Result pr = ManifoldPrecisionRecall.of(referenceFeatures, generatedFeatures,
        options.k());
    ManifoldPrecisionRecall.Result prFloor = ManifoldPrecisionRecall.of(referenceFeatures, floorFeatures,
        options.k());
    long c2stSeed = NoiseStream.seedFor(options.seed(), -7, -7);
    ClassifierTwoSampleTest.Result c2st = ClassifierTwoSampleTest.of(referenceFeatures, generatedFeatures, c2stSeed);
    ClassifierTwoSampleTest.Result c2stFloor = ClassifierTwoSampleTest.of(referenceFeatures, floorFeatures,
        c2stSeed);
    AttributeFit fit = null;
    if (info.hasAttributes()) {
      fit = AttributeFit.of(info.attributes(), info.attributeValues(), info.attributeShares(),
          features.classify(generated), features.classify(heldOut),
          codes(heldOutValues, index.attributes(), info.attributes(), info.attributeValues()));
    }
    LOG.info("evaluate: measured in {} s", String.format("%.1f", (System.nanoTime() - measureStart) / 1e9));

    writeGrid(new Path(out, REAL_GRID), reference.images(), conf);
    writeGrid(new Path(out, GENERATED_GRID), generated, conf);
    EvaluationSummary.FeatureModelUse use = new EvaluationSummary.FeatureModelUse(featureFolder.toString(),
        trainedNow, info.targets(), info.dataIndexSha256().equals(dataSha), info.dataIndexSha256(),
        info.heldOutAccuracy());
    double seconds = (System.nanoTime() - start) / 1e9;
    EvaluationSummary summary = new EvaluationSummary(
        modelFolder == null ? null : modelFolder.toString(), sampler == null ? "samples" : sampler.kind(),
        samplesFolder == null ? null : samplesFolder.toString(), data.toString(), round(frechet),
        round(frechetFloor), frechetFloor > 0 ? round(frechet / frechetFloor) : null, round(pr.precision()),
        round(pr.recall()), round(c2st.accuracy()), fit == null ? null : fit.coverage(),
        fit == null ? null : fit.meanTvDistance(), imagesPerSecond, latencyMs, options.k(), reference.size(),
        floor.size(), count, new EvaluationSummary.RealVsReal(round(frechetFloor), round(prFloor.precision()),
        round(prFloor.recall()), round(c2stFloor.accuracy())), fit, sampling, use,
        new Path(out, REAL_GRID).toString(), new Path(out, GENERATED_GRID).toString(),
        new Path(out, REPORT).toString(), round(seconds), options.seed(),
        Provenance.of("evaluate", options, startedAt));
    Storage.writeAtomically(new Path(out, REPORT), EvaluationReport.html(summary, REAL_GRID, GENERATED_GRID)
        .getBytes(StandardCharsets.UTF_8), conf);
    Storage.writeAtomically(new Path(out, SUMMARY), Json.pretty(summary), conf);
    LOG.info("evaluate: sampling {} s, whole run {} s", String.format("%.1f", sampleSeconds),
        String.format("%.1f", seconds));
    return summary;
  }

  private static void checkSameImages(String what, int size, int channels, ShardIndex index) {
    if (size != index.size() || channels != index.channels()) {
      throw new UsageException(String.format("%s %dx%d images with %d channel%s; --data holds %dx%d images with %d "
          + "channel%s: measure a generator against real images of its own size", what, size, size, channels,
          channels == 1 ? "" : "s", index.size(), index.size(), index.channels(), index.channels() == 1 ? "" : "s"));
    }
  }

  /** Trains the feature network on the rows outside the held-out split and saves it in {@code folder}. */
  private static FeatureNetwork trainFeatureNetwork(SparkSession spark, Path data, ShardIndex index, String dataSha,
      HeldOutSplit split, EvaluateOptions options, Path folder, INDArray heldOut, List<String[]> heldOutValues,
      Configuration conf) throws IOException {
    long start = System.nanoTime();
    ShardImages.Collected training = ShardImages.read(spark, data, index, split, ShardImages.Part.TRAINING,
        index.attributes(), options.featureImages(), "evaluate: feature network training images");
    if (training.size() < MIN_HALF_IMAGES) {
      throw new UsageException("--data " + options.data() + " has " + training.size() + " images outside the "
          + "held-out split; a feature network needs at least " + MIN_HALF_IMAGES);
    }
    // Categorical attribute columns (at most 64 values), their values sorted and their shares.
    List<String> attributes = new ArrayList<>();
    List<List<String>> values = new ArrayList<>();
    List<List<Double>> shares = new ArrayList<>();
    for (int a = 0; a < index.attributes().size(); a++) {
      TreeMap<String, Integer> counts = new TreeMap<>();
      for (String[] row : training.attributes()) {
        if (row[a] != null) {
          counts.merge(row[a], 1, Integer::sum);
        }
      }
      if (counts.size() < 2 || counts.size() > MAX_ATTRIBUTE_VALUES) {
        continue;
      }
      long total = counts.values().stream().mapToLong(Integer::longValue).sum();
      attributes.add(index.attributes().get(a));
      values.add(List.copyOf(counts.keySet()));
      shares.add(counts.values().stream().map(c -> round(c / (double) total)).toList());
    }
    String targets = attributes.isEmpty() ? FeatureModelInfo.ROTATION : FeatureModelInfo.ATTRIBUTES;
    FeatureModelInfo info = new FeatureModelInfo(FeatureModelInfo.FORMAT, 1, index.size(), index.channels(), targets,
        AttributeClassifier.FEATURES, attributes, values, shares, data.toString(), dataSha, index.rows(), split,
        training.size(), options.featureEpochs(), options.seed(), Map.of(), 0);
    LOG.info("evaluate: training the feature network ({} targets{}) on {} images, {} epochs", targets,
        attributes.isEmpty() ? "" : " " + attributes, training.size(), options.featureEpochs());
    FeatureNetwork network = FeatureNetwork.train(training.images(),
        codes(training.attributes(), index.attributes(), attributes, values), info);
    // Its accuracy on the held-out images, which it never saw.
    Map<String, Double> accuracy = network.accuracy(heldOut,
        codes(heldOutValues, index.attributes(), attributes, values));
    double seconds = (System.nanoTime() - start) / 1e9;
    network = network.withInfo(info.withAccuracy(accuracy, round(seconds)));
    network.write(folder, conf);
    LOG.info("evaluate: feature network trained in {} s (held-out accuracy {}), saved in {}; reuse it with "
        + "--feature-model {}", String.format("%.1f", seconds), accuracy, folder, folder);
    return network;
  }

  /**
   * Value codes of the attributes {@code attributes} (with their {@code values}) for rows of strings in the column
   * order {@code columns}; a value not in the list, none, or a column the rows lack is {@link BatchLabels#MISSING}.
   */
  static int[][] codes(List<String[]> rows, List<String> columns, List<String> attributes,
      List<List<String>> values) {
    int[][] codes = new int[rows.size()][attributes.size()];
    for (int i = 0; i < codes.length; i++) {
      for (int a = 0; a < attributes.size(); a++) {
        int column = columns.indexOf(attributes.get(a));
        String value = column < 0 ? null : rows.get(i)[column];
        int code = value == null ? -1 : values.get(a).indexOf(value);
        codes[i][a] = code < 0 ? BatchLabels.MISSING : code;
      }
    }
    return codes;
  }

  private static void writeGrid(Path file, INDArray images, Configuration conf) throws IOException {
    Storage.writeAtomically(file, PngWriter.bytes(ImageGrid.of(images, GRID_SIDE, GRID_SIDE * GRID_SIDE,
        images.size(2) < 48 ? 3 : 2)), conf);
  }

  private static double round(double value) {
    return Math.round(value * 10000) / 10000.0;
  }
}
