package dev.dgmspark.outliers.spark;

import dev.dgmspark.common.Provenance;
import dev.dgmspark.common.UsageException;
import dev.dgmspark.debias.DebiasSummary;
import dev.dgmspark.debias.KnnDensity;
import dev.dgmspark.debias.KnnSettings;
import dev.dgmspark.debias.ShareTally;
import dev.dgmspark.debias.spark.KnnPass;
import dev.dgmspark.debias.spark.LatentRow;
import dev.dgmspark.encode.EncodeJob;
import dev.dgmspark.encode.EncodeOptions;
import dev.dgmspark.io.Json;
import dev.dgmspark.io.OutputFolder;
import dev.dgmspark.io.Storage;
import dev.dgmspark.outliers.OutlierScoring;
import dev.dgmspark.outliers.OutliersOptions;
import dev.dgmspark.outliers.OutliersReport;
import dev.dgmspark.outliers.OutliersSummary;
import dev.dgmspark.shard.ShardIndex;
import dev.dgmspark.spark.SparkWrites;
import dev.dgmspark.vae.Likelihood;
import dev.dgmspark.vae.ReconstructionLoss;
import dev.dgmspark.vae.VaeConfig;
import dev.dgmspark.vae.VaeFolder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
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

/**
 * The {@code outliers} job: every image's outlier score from its reconstruction error (minus the image's own floor
 * under the model's likelihood, computed from its pixels in the executors) and the k-NN density of its latent mean
 * ({@link OutlierScoring}), ranked; writes {@code outliers.parquet} and {@code outliers.jsonl} (every
 * image, by rank), {@code report.html} (the top images) and {@code summary.json}.
 *
 * <p>The density is the debias job's ({@link KnnPass}: a seeded reference sample drawn by aggregation, every row's
 * neighbours found in its own task); the robust scales are approximate quantiles, the ranking a distributed sort. No
 * latent row reaches the driver beyond the bounded reference sample, and only the top images' rows are collected.
 */
public final class OutliersJob {
  public static final String SUMMARY = "summary.json";
  public static final String OUTLIERS_PARQUET = "outliers.parquet";
  public static final String OUTLIERS_JSONL = "outliers.jsonl";
  public static final String REPORT = "report.html";
  /** Relative error of the quantiles the components are standardised with. */
  static final double QUANTILE_ERROR = 1e-3;
  private static final int AGGREGATION_DEPTH = 2;
  private static final Logger LOG = LoggerFactory.getLogger(OutliersJob.class);

  private OutliersJob() {}

  /** The schema of {@code outliers.parquet}, in column order. */
  public static StructType schema() {
    return new StructType()
        .add("rank", DataTypes.LongType, false)
        .add("id", DataTypes.StringType, false)
        .add("path", DataTypes.StringType, true)
        .add("score", DataTypes.DoubleType, true)
        .add("recon_error", DataTypes.DoubleType, true)
        .add("recon_excess", DataTypes.DoubleType, true)
        .add("log_density", DataTypes.DoubleType, true)
        .add("recon_score", DataTypes.DoubleType, true)
        .add("density_score", DataTypes.DoubleType, true);
  }

  /** Runs the job and returns what {@code summary.json} says. */
  public static OutliersSummary run(SparkSession spark, OutliersOptions options) throws IOException {
    Instant startedAt = Instant.now();
    long start = System.nanoTime();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Path data = Storage.qualify(options.data(), conf);
    ShardIndex index = ShardIndex.readRequired(data, conf, "--data", options.data());
    if (options.model() == null) {
      throw new UsageException("--model is required: its likelihood says how reconstruction errors compare, and it "
          + "encodes the data unless --latents names an 'encode' output of it");
    }
    Path model = Storage.qualify(options.model(), conf);
    VaeConfig config = EncodeJob.readModel(model, options.model(), index, conf);
    ReconstructionLoss loss = VaeFolder.readLoss(model, conf);
    Path latentsPath = options.latents() == null ? null : EncodeJob.givenLatents(options.latents(), conf);
    Path out = Storage.qualify(options.out(), conf);
    OutputFolder folder = OutputFolder.prepare(out, conf, options.overwrite(), SUMMARY,
        Set.of(EncodeJob.LATENTS, OUTLIERS_PARQUET, OUTLIERS_JSONL, REPORT));
    if (latentsPath == null) {
      latentsPath = folder.resolve(EncodeJob.LATENTS);
      EncodeJob.encode(spark, data, index, model, config, latentsPath, EncodeOptions.DEFAULT_BATCH_SIZE);
    }
    long encodedAt = System.nanoTime();

    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    jsc.setJobGroup("dgm-outliers", "outliers: density, scores and ranks of " + index.rows() + " images", false);
    Dataset<Row> latentRows = spark.read().parquet(latentsPath.toString());
    JavaRDD<LatentRow> latents = latentRows.select("id", "mu").javaRDD().map(LatentRow::of)
        .persist(StorageLevel.MEMORY_AND_DISK());
    KnnPass.Distances distances = null;
    JavaRDD<Row> ranked = null;
    try {
      long rows = latents.count();
      if (rows != index.rows()) {
        throw new UsageException("the latents hold " + rows + " rows but --data holds " + index.rows()
            + "; encode the same data");
      }
      int dims = latents.first().mu().length;
      KnnSettings settings = new KnnSettings(options.k(), 1.0, 0.0, options.referenceSize(), options.densityDims());
      distances = KnnPass.distances(jsc, latents, rows, dims, settings, options.seed());
      Broadcast<KnnDensity> densityB = jsc.broadcast(distances.density());
      StructType densitySchema = new StructType().add("id", DataTypes.StringType, false)
          .add("log_density", DataTypes.DoubleType, false);
      Dataset<Row> densities = spark.createDataFrame(distances.logRadius().map(t -> RowFactory.create(t._1(),
          OutlierScoring.logDensity(densityB.value(), t._2()))), densitySchema);
      Dataset<Row> shards = spark.read().parquet(index.shardPaths(data));
      Dataset<Row> floors = loss.likelihood() == Likelihood.BERNOULLI
          ? spark.createDataFrame(shards.select(functions.col("id"), functions.col("image.bytes")).javaRDD()
              .mapPartitions(new ReconstructionFloors(loss, index.size(), index.channels())),
              new StructType().add("id", DataTypes.StringType, false).add("recon_floor", DataTypes.DoubleType, false))
          : shards.select(functions.col("id"), functions.lit(0.0).as("recon_floor"));
      // Row layout: id, recon_error, log_density, path, recon_excess.
      Dataset<Row> components = latentRows.select("id", "recon_error").join(densities, "id")
          .join(shards.select("id", "path"), "id").join(floors, "id")
          .select(functions.col("id"), functions.col("recon_error"), functions.col("log_density"),
              functions.col("path"), functions.col("recon_error").minus(functions.col("recon_floor"))
                  .as("recon_excess"))
          .persist(StorageLevel.MEMORY_AND_DISK());
      double[][] quartiles = components.stat().approxQuantile(new String[] {"recon_excess", "log_density"},
          new double[] {0.25, 0.5, 0.75}, QUANTILE_ERROR);
      if (quartiles[0].length < 3 || quartiles[1].length < 3) {
        throw new IllegalStateException("no image has a finite reconstruction error and latent density");
      }
      OutlierScoring scoring = OutlierScoring.of(OutlierScoring.Scale.ofQuartiles(quartiles[0]),
          OutlierScoring.Scale.ofQuartiles(quartiles[1]), options.reconWeight());
      LOG.info("outliers: reconstruction excess median {} (IQR {}), log density median {} (IQR {})",
          round(quartiles[0][1], 4), round(quartiles[0][2] - quartiles[0][0], 4), round(quartiles[1][1], 4),
          round(quartiles[1][2] - quartiles[1][0], 4));

      // Score, then rank by a distributed sort: highest first, unscorable rows before all, ties by id.
      StructType scoredSchema = new StructType().add("id", DataTypes.StringType, false)
          .add("path", DataTypes.StringType, true).add("score", DataTypes.DoubleType, true)
          .add("recon_error", DataTypes.DoubleType, true).add("recon_excess", DataTypes.DoubleType, true)
          .add("log_density", DataTypes.DoubleType, true).add("recon_score", DataTypes.DoubleType, true)
          .add("density_score", DataTypes.DoubleType, true);
      Dataset<Row> scored = spark.createDataFrame(components.javaRDD().map(row -> {
        double recon = row.getDouble(1);
        double logDensity = row.getDouble(2);
        double excess = row.getDouble(4);
        return RowFactory.create(row.getString(0), row.getString(3), finite(scoring.score(excess, logDensity)),
            finite(recon), finite(excess), finite(logDensity), finite(scoring.reconstructionScore(excess)),
            finite(scoring.densityScore(logDensity)));
      }), scoredSchema);
      ranked = scored.orderBy(functions.col("score").desc_nulls_first(), functions.col("id")).javaRDD()
          .zipWithIndex().map(t -> {
            Row r = t._1();
            return RowFactory.create(t._2() + 1, r.get(0), r.get(1), r.get(2), r.get(3), r.get(4), r.get(5),
                r.get(6), r.get(7));
          }).persist(StorageLevel.MEMORY_AND_DISK());
      SparkWrites.parquet(spark.createDataFrame(ranked, schema()), folder.resolve(OUTLIERS_PARQUET));
      components.unpersist();
      Dataset<Row> written = spark.read().parquet(folder.resolve(OUTLIERS_PARQUET).toString());
      SparkWrites.jsonLinesFile(written.orderBy("rank"), folder, OUTLIERS_JSONL);
      long writtenRows = written.count();
      if (writtenRows != rows) {
        throw new IllegalStateException("wrote " + writtenRows + " scored rows, expected " + rows);
      }
      long unscored = written.filter(functions.col("score").isNull()).count();
      long scoredAt = System.nanoTime();

      int top = (int) Math.min(options.top(), rows);
      List<Row> topRows = written.filter(functions.col("rank").leq(top))
          .join(shards.select(functions.col("id"), functions.col("image.bytes").as("png")), "id")
          .orderBy("rank").collectAsList();
      List<OutliersSummary.Outlier> topImages = new ArrayList<>();
      List<byte[]> pngs = new ArrayList<>();
      for (Row r : topRows) {
        topImages.add(outlier(r));
        pngs.add(r.getAs("png"));
      }
      Map<String, Map<String, OutliersSummary.ValueShare>> shares = attributeShares(shards, written,
          index.attributes(), top);
      KnnDensity density = distances.density();
      DebiasSummary.Knn knn = distances.figures();
      OutliersSummary summary = new OutliersSummary(data.toString(), model.toString(), loss.likelihood().label(),
          latentsPath.toString(), out.toString(), rows,
          unscored, dims, options.reconWeight(), top,
          scoring.reconstruction(), scoring.density(),
          new OutliersSummary.Density(knn.k(), knn.referenceSize(), knn.referenceCapacity(), knn.referenceSeed(),
              knn.exponentDimsOption(), knn.estimatedIntrinsicDims(), knn.exponentDims(), knn.meanLogKthDistance(),
              knn.sampleSeconds(), knn.fitSeconds(), knn.distanceSeconds()),
          topImages, shares, round((System.nanoTime() - start) / 1e9, 3), round((encodedAt - start) / 1e9, 3),
          round((scoredAt - encodedAt) / 1e9, 3), Provenance.of("outliers", options, startedAt));
      Storage.writeAtomically(folder.resolve(REPORT),
          OutliersReport.html(summary, pngs).getBytes(StandardCharsets.UTF_8), conf);
      Storage.writeAtomically(folder.resolve(SUMMARY), Json.pretty(summary), conf);
      LOG.info("outliers: {} images scored ({} without a finite score), intrinsic dimension {}; top {} in {} s",
          rows, unscored, round(density.estimatedDims(), 2), top, summary.seconds());
      return summary;
    } finally {
      jsc.clearJobGroup();
      latents.unpersist();
      if (distances != null) {
        distances.logRadius().unpersist();
      }
      if (ranked != null) {
        ranked.unpersist();
      }
    }
  }

  /** Each attribute value's rows and its share of all images and of the {@code top} highest-ranked ones. */
  private static Map<String, Map<String, OutliersSummary.ValueShare>> attributeShares(Dataset<Row> shards,
      Dataset<Row> ranked, List<String> attributes, int top) {
    Map<String, Map<String, OutliersSummary.ValueShare>> result = new LinkedHashMap<>();
    if (attributes.isEmpty()) {
      return result;
    }
    List<Column> columns = new ArrayList<>();
    columns.add(functions.col("rank"));
    attributes.forEach(a -> columns.add(functions.col(a).cast("string")));
    List<String> names = List.copyOf(attributes);
    ShareTally tally = shards.join(ranked.select("id", "rank"), "id").select(columns.toArray(new Column[0]))
        .javaRDD().treeAggregate(new ShareTally(), (acc, row) -> {
          Map<String, String> values = new HashMap<>();
          for (int i = 0; i < names.size(); i++) {
            values.put(names.get(i), row.isNullAt(1 + i) ? null : row.getString(1 + i));
          }
          return acc.add(values, row.getLong(0) <= top ? 1 : 0);
        }, ShareTally::merge, AGGREGATION_DEPTH);
    for (ShareTally.Share share : tally.shares()) {
      result.computeIfAbsent(share.attribute(), k -> new LinkedHashMap<>()).put(share.value(),
          new OutliersSummary.ValueShare(share.rows(), share.drawn(), round(share.before(), 6),
              round(share.after(), 6)));
    }
    return result;
  }

  private static OutliersSummary.Outlier outlier(Row r) {
    return new OutliersSummary.Outlier(r.getAs("rank"), r.getAs("id"), r.getAs("path"), r.getAs("score"),
        r.getAs("recon_error"), r.getAs("recon_excess"), r.getAs("log_density"), r.getAs("recon_score"),
        r.getAs("density_score"));
  }

  private static Double finite(double value) {
    return Double.isFinite(value) ? value : null;
  }

  private static double round(double value, int digits) {
    double scale = Math.pow(10, digits);
    return Math.round(value * scale) / scale;
  }
}
