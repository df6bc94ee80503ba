package dev.dgmspark.encode;

import dev.dgmspark.common.Provenance;
import dev.dgmspark.common.UsageException;
import dev.dgmspark.io.Json;
import dev.dgmspark.io.OutputFolder;
import dev.dgmspark.io.Storage;
import dev.dgmspark.vae.VaeConfig;
import dev.dgmspark.shard.ShardIndex;
import dev.dgmspark.spark.JobProgress;
import dev.dgmspark.spark.SparkWrites;
import dev.dgmspark.engine.ModelFolder;
import dev.dgmspark.vae.ReconstructionLoss;
import dev.dgmspark.vae.VaeFolder;
import java.io.IOException;
import java.time.Instant;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code encode} job: batched inference of a trained autoencoder's encoder in the executors, writing one latents
 * row per image ({@code id}, {@code mu}, {@code logvar}, {@code recon_error}) as Parquet.
 */
public final class EncodeJob {
  /** Latents folder inside the output folder. */
  public static final String LATENTS = "latents";
  public static final String SUMMARY = "summary.json";
  private static final Logger LOG = LoggerFactory.getLogger(EncodeJob.class);

  private EncodeJob() {}

  /** The schema of the latents. */
  public static StructType schema() {
    return new StructType()
        .add("id", DataTypes.StringType, false)
        .add("mu", DataTypes.createArrayType(DataTypes.FloatType, false), false)
        .add("logvar", DataTypes.createArrayType(DataTypes.FloatType, false), true)
        .add("recon_error", DataTypes.DoubleType, false);
  }

  /** Runs the job and returns what {@code summary.json} says. */
  public static EncodeSummary run(SparkSession spark, EncodeOptions options) throws IOException {
    Instant startedAt = Instant.now();
    long start = System.nanoTime();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Path data = Storage.qualify(options.data(), conf);
    ShardIndex index = ShardIndex.readRequired(data, conf, "--data", options.data());
    Path model = Storage.qualify(options.model(), conf);
    VaeConfig config = readModel(model, options.model(), index, conf);
    Path out = Storage.qualify(options.out(), conf);
    OutputFolder.prepare(out, conf, options.overwrite(), SUMMARY, Set.of(LATENTS));
    Path latents = new Path(out, LATENTS);
    long rows = encode(spark, data, index, model, config, latents, options.batchSize());
    double seconds = (System.nanoTime() - start) / 1e9;
    EncodeSummary summary = new EncodeSummary(data.toString(), model.toString(), latents.toString(), rows,
        config.latentDim(), Math.round(seconds * 1000) / 1000.0, Math.round(rows / Math.max(seconds, 1e-9) * 10) / 10.0,
        Provenance.of("encode", options, startedAt));
    Storage.writeAtomically(new Path(out, SUMMARY), Json.pretty(summary), conf);
    LOG.info("encode: {} rows in {} s ({} rows/s) -> {}", rows, summary.seconds(), summary.rowsPerSecond(),
        latents);
    return summary;
  }

  /**
   * The configuration of the model folder the user named {@code given} ({@code model} qualified), checked for a final
   * network and for the shards' image size; problems are usage errors naming {@code --model}.
   */
  public static VaeConfig readModel(Path model, String given, ShardIndex index, Configuration conf)
      throws IOException {
    VaeConfig config = readModel(model, given, conf);
    if (config.imageSize() != index.size() || config.channels() != index.channels()) {
      throw new UsageException(String.format("--model expects %dx%dx%d images but --data holds %dx%dx%d",
          config.imageSize(), config.imageSize(), config.channels(), index.size(), index.size(), index.channels()));
    }
    return config;
  }

  /**
   * The latents the user named {@code given} with {@code --latents}: an {@code encode} output folder (its
   * {@code latents} subfolder is read) or the latents folder itself; a missing one is a usage error.
   */
  public static Path givenLatents(String given, Configuration conf) throws IOException {
    Path path = Storage.qualify(given, conf);
    Path latents = Storage.fs(path, conf).exists(new Path(path, LATENTS)) ? new Path(path, LATENTS) : path;
    if (!Storage.fs(latents, conf).exists(latents)) {
      throw new UsageException("--latents " + given + " does not exist");
    }
    return latents;
  }

  /**
   * The configuration of the autoencoder folder the user named {@code given} ({@code model} qualified), checked for a
   * final network; problems (no network, no description, a GAN) are usage errors naming {@code --model}.
   */
  public static VaeConfig readModel(Path model, String given, Configuration conf) throws IOException {
    if (!Storage.fs(model, conf).exists(new Path(model, ModelFolder.MODEL))
        || !Storage.fs(model, conf).exists(new Path(model, ModelFolder.DESCRIPTOR))) {
      throw new UsageException("--model " + given + " has no " + ModelFolder.MODEL + " or "
          + ModelFolder.DESCRIPTOR + "; give a folder written by 'dgm train'");
    }
    try {
      return VaeFolder.readConfig(model, conf);
    } catch (UsageException e) {
      throw new UsageException("--model " + e.getMessage());
    }
  }

  /**
   * Encodes every image of the shards into {@code latents} (Parquet, written through Spark's committer) and returns
   * the rows written, one per image; the debias job calls this too when it is not given latents.
   */
  public static long encode(SparkSession spark, Path data, ShardIndex index, Path model,
      VaeConfig config, Path latents, int batchSize) throws IOException {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    byte[] zip = Storage.readAll(new Path(model, ModelFolder.MODEL), conf);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<byte[]> broadcast = jsc.broadcast(zip);
    try {
      Dataset<Row> images = spark.read().parquet(index.shardPaths(data))
          .select(functions.col("id"), functions.col("image.bytes"));
      jsc.setJobGroup("dgm-encode", String.format("encode: %,d images with %s", index.rows(), model), false);
      ReconstructionLoss loss = VaeFolder.readLoss(model, conf);
      JavaRDD<Row> encoded = images.javaRDD().mapPartitions(new LatentEncoder(broadcast, config, loss, batchSize));
      try (JobProgress progress = JobProgress.countingRecords(spark, "encode", encoded.getNumPartitions(),
          index.rows(), "images")) {
        SparkWrites.parquet(spark.createDataFrame(encoded, schema()), latents);
      }
      long rows = spark.read().parquet(latents.toString()).count();
      if (rows != index.rows()) {
        throw new IllegalStateException("encoded " + rows + " rows but the shards hold " + index.rows());
      }
      return rows;
    } finally {
      jsc.clearJobGroup();
      broadcast.destroy();
    }
  }
}
