package dev.dgmspark.spark;

import dev.dgmspark.io.OutputFolder;
import dev.dgmspark.io.Storage;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.RuntimeConfig;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import scala.Option;

/**
 * Spark SQL writes (Parquet, JSON Lines) that commit through Hadoop's S3A committers when the output is on
 * {@code s3a://}, and through Spark's default committer everywhere else.
 *
 * <p>Spark's default committer renames task output into place; on S3 a rename is a copy per file, slow, and not
 * atomic, so a failed job can leave a folder that looks finished. The S3A committers upload task output as
 * multipart uploads that only complete at job commit, and write a JSON {@code _SUCCESS} naming the committer. The
 * binding (Spark's {@code PathOutputCommitProtocol}) comes from {@code spark-hadoop-cloud}, inside the application
 * jar. Settings are applied to the session only for the duration of one write, so a job that also writes to HDFS or
 * local disk keeps Spark's defaults there.
 */
public final class SparkWrites {
  /** The S3A committer used unless the user names one with {@code fs.s3a.committer.name}. */
  public static final String DEFAULT_S3A_COMMITTER = "magic";

  static final String COMMITTER_NAME = "fs.s3a.committer.name";

  private SparkWrites() {}

  /** Writes {@code data} as Parquet into the folder {@code target}, replacing it. */
  public static void parquet(Dataset<Row> data, Path target) {
    write(data, target, writer -> writer.parquet(target.toString()));
  }

  /** Writes {@code data} as JSON Lines into the folder {@code target}, replacing it. */
  public static void json(Dataset<Row> data, Path target) {
    write(data, target, writer -> writer.json(target.toString()));
  }

  /**
   * Writes {@code data} as one JSON Lines file {@code name} in {@code folder}, in the order of its one partition
   * after {@code coalesce(1)}, published only once complete (Spark writes it under the folder's staging area first).
   */
  public static void jsonLinesFile(Dataset<Row> data, OutputFolder folder, String name) throws IOException {
    Path temporary = folder.resolve(OutputFolder.STAGING + "/" + name + "-parts");
    json(data.coalesce(1), temporary);
    FileSystem fs = Storage.fs(temporary, data.sparkSession().sparkContext().hadoopConfiguration());
    Path part = null;
    for (FileStatus status : fs.listStatus(temporary)) {
      if (status.getPath().getName().startsWith("part-")) {
        part = status.getPath();
      }
    }
    if (part == null) {
      throw new IOException("Spark wrote no JSON part under " + temporary);
    }
    Storage.publish(fs, part, folder.resolve(name));
    folder.deleteStaging();
  }

  /**
   * The session settings that route a write to {@code target} through the S3A committers, or none when
   * {@code target} is not on {@code s3a://}.
   */
  public static Map<String, String> committerSettings(Path target, Configuration hadoopConf) {
    Map<String, String> settings = new LinkedHashMap<>();
    if (!"s3a".equals(target.toUri().getScheme())) {
      return settings;
    }
    settings.put("spark.sql.sources.commitProtocolClass",
        "org.apache.spark.internal.io.cloud.PathOutputCommitProtocol");
    settings.put("spark.sql.parquet.output.committer.class",
        "org.apache.spark.internal.io.cloud.BindingParquetOutputCommitter");
    // Non-spark.* session settings reach the write's Hadoop configuration (SessionState.newHadoopConf copies them).
    settings.put("mapreduce.outputcommitter.factory.scheme.s3a", "org.apache.hadoop.fs.s3a.commit.S3ACommitterFactory");
    String committer = chosenCommitter(hadoopConf);
    settings.put(COMMITTER_NAME, committer);
    if (committer.equals("magic")) {
      settings.put("fs.s3a.committer.magic.enabled", "true");
    }
    return settings;
  }

  /**
   * The committer the user chose ({@code directory}, {@code partitioned}, {@code magic}, or {@code file} for the
   * classic rename committer), else {@link #DEFAULT_S3A_COMMITTER}. Hadoop's own default, {@code file}, does not
   * count as a choice.
   */
  static String chosenCommitter(Configuration hadoopConf) {
    String name = hadoopConf.get(COMMITTER_NAME);
    if (name == null || name.isBlank()) {
      return DEFAULT_S3A_COMMITTER;
    }
    String[] sources = hadoopConf.getPropertySources(COMMITTER_NAME);
    boolean fromDefaults = sources != null && sources.length > 0
        && java.util.Arrays.stream(sources).allMatch(s -> s.endsWith("-default.xml"));
    return fromDefaults ? DEFAULT_S3A_COMMITTER : name.trim();
  }

  private static void write(Dataset<Row> data, Path target,
      java.util.function.Consumer<DataFrameWriter<Row>> action) {
    SparkSession spark = data.sparkSession();
    Map<String, String> settings = committerSettings(target, spark.sparkContext().hadoopConfiguration());
    RuntimeConfig session = spark.conf();
    Map<String, Option<String>> previous = new LinkedHashMap<>();
    settings.forEach((key, value) -> {
      previous.put(key, session.getOption(key));
      session.set(key, value);
    });
    try {
      action.accept(data.write().mode(SaveMode.Overwrite));
    } finally {
      previous.forEach((key, value) -> {
        if (value.isDefined()) {
          session.set(key, value.get());
        } else {
          session.unset(key);
        }
      });
    }
  }
}
