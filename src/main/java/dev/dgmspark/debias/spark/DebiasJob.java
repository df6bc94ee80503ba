package dev.dgmspark.debias.spark;

import dev.dgmspark.common.Provenance;
import dev.dgmspark.common.UsageException;
import dev.dgmspark.debias.DensityEstimator;
import dev.dgmspark.debias.ShareTally;
import dev.dgmspark.debias.DebiasReport;
import dev.dgmspark.debias.DebiasSummary;
import dev.dgmspark.debias.DebiasWeights;
import dev.dgmspark.debias.WeightStats;
import dev.dgmspark.encode.EncodeJob;
import dev.dgmspark.encode.EncodeOptions;
import dev.dgmspark.io.Json;
import dev.dgmspark.io.OutputFolder;
import dev.dgmspark.io.Storage;
import dev.dgmspark.vae.VaeConfig;
import dev.dgmspark.shard.ShardIndex;
import dev.dgmspark.spark.SparkWrites;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaDoubleRDD;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * The {@code debias} job: a density of the latent means (a k-NN density against a seeded reference sample,
 * {@link KnnPass}, or per-dimension histograms fitted by distributed aggregation), a weight per image by how rare its
 * latent position is, and a seeded resampling with replacement; writes the debiased manifest, every row's weight, a
 * report and a summary with the attribute shares before and after.
 *
 * <p>The math is in {@link dev.dgmspark.debias}; this class only moves data: every pass is a {@code treeAggregate}
 * or a per-row (per-partition) map, and no latent row is collected to the driver beyond the bounded reference
 * sample.
 */
public final class DebiasJob {
  public static final String SUMMARY = "summary.json";
  public static final String MANIFEST_PARQUET = "manifest.parquet";
  public static final String MANIFEST_JSONL = "manifest.jsonl";
  public static final String WEIGHTS = "weights.parquet";
  public static final String REPORT = "report.html";
  private static final int REPORT_IMAGES = 16;
  private static final int WEIGHT_BINS = 40;
  private static final Logger LOG = LoggerFactory.getLogger(DebiasJob.class);
  private static final int AGGREGATION_DEPTH = 2;

  private DebiasJob() {}

  /** Runs the job and returns what {@code summary.json} says. */
  public static DebiasSummary run(SparkSession spark, DebiasOptions options) throws IOException {
    Instant startedAt = Instant.now();
    long start = System.nanoTime();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Path data = Storage.qualify(options.data(), conf);
    ShardIndex index = ShardIndex.readRequired(data, conf, "--data", options.data());
    Path out = Storage.qualify(options.out(), conf);
    FeatureSource features = options.features();
    if (features.usesLatents() && options.latents() == null && options.model() == null) {
      throw new UsageException("--model or --latents is required: debias encodes the data with --model unless "
          + "--latents names an 'encode' output (or --features pixels or appearance judge rarity without a model)");
    }
    if (features == FeatureSource.LATENT_APPEARANCE && options.estimator() != DensityEstimator.MULTISCALE) {
      throw new UsageException("--features " + features.label() + " needs --estimator multiscale (the other "
          + "estimators judge one feature space); give --features latent");
    }
    OutputFolder folder = OutputFolder.prepare(out, conf, options.overwrite(), SUMMARY,
        Set.of(EncodeJob.LATENTS, MANIFEST_PARQUET, MANIFEST_JSONL, WEIGHTS, REPORT));

    Path latentsPath = null;
    if (!features.usesLatents()) {
      LOG.info("debias: judging rarity by {} ({}x{}x{} images), no model", features.label(), index.size(),
          index.size(), index.channels());
    } else if (options.latents() != null) {
      latentsPath = EncodeJob.givenLatents(options.latents(), conf);
    } else {
      Path model = Storage.qualify(options.model(), conf);
      VaeConfig config = EncodeJob.readModel(model, options.model(), index, conf);
      latentsPath = folder.resolve(EncodeJob.LATENTS);
      EncodeJob.encode(spark, data, index, model, config, latentsPath, EncodeOptions.DEFAULT_BATCH_SIZE);
    }
    long encodedAt = System.nanoTime();

    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    jsc.setJobGroup("dgm-debias", "debias: " + options.estimator().label() + " density of " + index.rows()
        + " rows, weights and resampling", false);
    FeatureRows judged = features(spark, jsc, options, data, index, latentsPath);
    JavaRDD<LatentRow> latents = judged.rows().persist(StorageLevel.MEMORY_AND_DISK());
    JavaPairRDD<String, Double> logWeights = null;
    try {
      long rows = latents.count();
      if (rows != index.rows()) {
        throw new UsageException("the latents hold " + rows + " rows but --data holds " + index.rows()
            + "; encode the same data");
      }
      int dims = latents.first().mu.length;
      int[] blockEnds = features == FeatureSource.LATENT_APPEARANCE
          ? new int[] {dims - judged.appearanceDims(), dims} : new int[] {dims};
      long fitStart = System.nanoTime();
      LatentWeights.Result weighed = LatentWeights.compute(jsc, latents, rows, dims, blockEnds, options.density(),
          options.seed());
      logWeights = weighed.logWeights();
      DebiasSummary.Knn knnFigures = weighed.knn();
      DebiasSummary.MultiScale multiScaleFigures = weighed.multiscale();
      WeightStats stats = WeightedDraw.stats(logWeights);
      double weightSeconds = (System.nanoTime() - fitStart) / 1e9;
      double maxLog = stats.maxLogWeight();
      long size = options.size() > 0 ? options.size() : rows;
      WeightedDraw.Result draw = WeightedDraw.draw(jsc, logWeights, stats, size, options.seed());
      JavaPairRDD<String, Long> drawn = draw.counts();

      // The exact sum, so that a rerun prints the same weights (see WeightedDraw).
      double weightSum = draw.relativeWeightSum();
      long finiteRows = stats.count();
      StructType weightSchema = new StructType().add("id", DataTypes.StringType, false)
          .add("weight", DataTypes.DoubleType, false).add("probability", DataTypes.DoubleType, false);
      Dataset<Row> weightRows = spark.createDataFrame(logWeights.map(t -> {
        double relative = Double.isFinite(t._2()) ? DebiasWeights.relativeWeight(t._2(), maxLog) : 0.0;
        return RowFactory.create(t._1(), relative * finiteRows / weightSum, relative / weightSum);
      }), weightSchema);
      Dataset<Row> shards = spark.read().parquet(index.shardPaths(data));
      Dataset<Row> weighted = weightRows.join(shards.select("id", "path"), "id");
      SparkWrites.parquet(weighted.select("id", "path", "weight", "probability").orderBy("id"),
          folder.resolve(WEIGHTS));

      StructType drawnSchema = new StructType().add("id", DataTypes.StringType, false)
          .add("count", DataTypes.LongType, false);
      Dataset<Row> counts = spark.createDataFrame(drawn.map(t -> RowFactory.create(t._1(), t._2())), drawnSchema)
          .persist(StorageLevel.MEMORY_AND_DISK());
      Dataset<Row> manifest = counts.join(weighted.select("id", "path", "weight"), "id")
          .select("id", "path", "weight", "count").orderBy("id");
      SparkWrites.parquet(manifest, folder.resolve(MANIFEST_PARQUET));
      Dataset<Row> written = spark.read().parquet(folder.resolve(MANIFEST_PARQUET).toString());
      SparkWrites.jsonLinesFile(written, folder, MANIFEST_JSONL);
      long manifestRows = written.count();
      long drawnTotal = written.agg(functions.sum("count")).first().getLong(0);
      if (drawnTotal != size) {
        throw new IllegalStateException("drew " + drawnTotal + " rows, expected " + size);
      }

      Map<String, Map<String, DebiasSummary.ValueShare>> shares = attributeShares(shards, counts,
          index.attributes());
      double seconds = (System.nanoTime() - start) / 1e9;
      DebiasSummary summary = new DebiasSummary(data.toString(),
          latentsPath == null ? null : latentsPath.toString(), out.toString(), options.estimator().label(),
          options.features().label(), options.estimatorAlpha(), options.bins(), options.combine().label(),
          options.seed(), rows, rows - finiteRows, size, manifestRows, dims, knnFigures, multiScaleFigures,
          Math.round(stats.effectiveSampleSize() * 10) / 10.0,
          Math.round(stats.effectiveSampleSize() / finiteRows * 1e4) / 1e4,
          Math.round(finiteRows / weightSum * 1e3) / 1e3, shares, Math.round(seconds * 1000) / 1000.0,
          Math.round((encodedAt - start) / 1e6) / 1000.0, Math.round(weightSeconds * 1000) / 1000.0,
          Provenance.of("debias", options, startedAt));
      writeReport(spark, folder, shards, summary, conf);
      Storage.writeAtomically(folder.resolve(SUMMARY), Json.pretty(summary), conf);
      LOG.info("debias: {} rows -> {} drawn ({} distinct), effective sample size {} ({} of the rows), in {} s",
          rows, size, manifestRows, summary.effectiveSampleSize(), summary.effectiveSampleFraction(),
          summary.seconds());
      return summary;
    } finally {
      jsc.clearJobGroup();
      latents.unpersist();
      if (logWeights != null) {
        logWeights.unpersist();
      }
    }
  }

  /** Each attribute value's share of the input rows and of the drawn rows (weighted by times drawn). */
  private static Map<String, Map<String, DebiasSummary.ValueShare>> attributeShares(Dataset<Row> shards,
      Dataset<Row> counts, List<String> attributes) {
    Map<String, Map<String, DebiasSummary.ValueShare>> result = new LinkedHashMap<>();
    if (attributes.isEmpty()) {
      return result;
    }
    List<org.apache.spark.sql.Column> columns = new ArrayList<>();
    columns.add(functions.col("id"));
    attributes.forEach(a -> columns.add(functions.col(a)));
    // Row layout after the join: s.id, the attributes, c.id, c.count (null for rows never drawn).
    Dataset<Row> withAttributes = shards.select(columns.toArray(new org.apache.spark.sql.Column[0])).as("s")
        .join(counts.as("c"), functions.col("s.id").equalTo(functions.col("c.id")), "left_outer");
    List<String> names = List.copyOf(attributes);
    ShareTally shares = withAttributes.javaRDD().treeAggregate(new ShareTally(), (acc, row) -> {
      Object count = row.get(row.size() - 1);
      long drawnTimes = count == null ? 0L : ((Number) count).longValue();
      Map<String, String> values = new HashMap<>();
      for (int i = 0; i < names.size(); i++) {
        String value = row.getString(1 + i);
        values.put(names.get(i), value == null ? ShareTally.MISSING : value);
      }
      return acc.add(values, drawnTimes);
    }, ShareTally::merge, AGGREGATION_DEPTH);
    for (ShareTally.Share share : shares.shares()) {
      result.computeIfAbsent(share.attribute(), k -> new LinkedHashMap<>()).put(share.value(),
          new DebiasSummary.ValueShare(Math.round(share.before() * 1e6) / 1e6, Math.round(share.after() * 1e6) / 1e6,
              share.rows(), share.drawn()));
    }
    return result;
  }

  /** Writes {@code report.html}: shares, weight percentiles, and the most and least weighted images. */
  private static void writeReport(SparkSession spark, OutputFolder folder, Dataset<Row> shards,
      DebiasSummary summary, Configuration conf) throws IOException {
    Dataset<Row> weights = spark.read().parquet(folder.resolve(WEIGHTS).toString());
    double[] quantiles = weights.stat().approxQuantile("weight",
        new double[] {0.0, 0.01, 0.1, 0.5, 0.9, 0.99, 1.0}, 0.001);
    Dataset<Row> images = weights.select("id", "weight").join(shards.select(functions.col("id"),
        functions.col("image.bytes").as("png")), "id");
    List<byte[]> most = new ArrayList<>();
    images.orderBy(functions.col("weight").desc(), functions.col("id")).limit(REPORT_IMAGES).collectAsList()
        .forEach(r -> most.add(r.getAs("png")));
    List<byte[]> least = new ArrayList<>();
    images.orderBy(functions.col("weight").asc(), functions.col("id")).limit(REPORT_IMAGES).collectAsList()
        .forEach(r -> least.add(r.getAs("png")));
    JavaDoubleRDD logWeights = weights.select("weight").javaRDD().map(r -> r.getDouble(0)).filter(w -> w > 0)
        .mapToDouble(Math::log10);
    long zeroWeights = weights.filter(functions.col("weight").leq(0)).count();
    DebiasReport.WeightCounts weightCounts = null;
    if (!logWeights.isEmpty()) {
      Tuple2<double[], long[]> histogram = logWeights.histogram(WEIGHT_BINS);
      weightCounts = new DebiasReport.WeightCounts(histogram._1(), histogram._2(), zeroWeights);
    }
    String html = DebiasReport.html(summary, quantiles, weightCounts, most, least);
    Storage.writeAtomically(folder.resolve(REPORT), html.getBytes(java.nio.charset.StandardCharsets.UTF_8), conf);
  }

  /** The vectors rarity is judged by, and how many of their last dimensions are the appearance's (0 for none). */
  private record FeatureRows(JavaRDD<LatentRow> rows, int appearanceDims) {}

  /**
   * The vectors rarity is judged by, one row per image: latent means from {@code latentsPath}, raw pixels, the
   * appearance vectors, or latent means with the appearance vector appended.
   */
  private static FeatureRows features(SparkSession spark, JavaSparkContext jsc, DebiasOptions options,
      Path data, ShardIndex index, Path latentsPath) {
    FeatureSource features = options.features();
    if (features == FeatureSource.PIXELS) {
      return new FeatureRows(PixelVectors.rows(spark, data, index), 0);
    }
    AppearanceRows.Vectors appearance = features.usesAppearance()
        ? AppearanceRows.rows(jsc, spark, data, index, index.rows(), options.multiscale().referenceSize(),
            options.seed())
        : null;
    if (!features.usesLatents()) {
      return new FeatureRows(appearance.rows(), appearance.dims());
    }
    JavaRDD<LatentRow> latents = spark.read().parquet(latentsPath.toString()).select("id", "mu").javaRDD()
        .map(LatentRow::of);
    return appearance == null ? new FeatureRows(latents, 0)
        : new FeatureRows(AppearanceRows.joined(latents, appearance.rows()), appearance.dims());
  }
}
