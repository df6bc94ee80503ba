package dev.dgmspark.cli;

import dev.dgmspark.spark.SparkSessions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** The options every Spark job shares: where it runs and extra Spark settings, as {@code spark-submit} takes them. */
public final class SparkOptions {
  @Option(names = "--master", paramLabel = "URL",
      description = "Spark master: local[N], spark://host:port, yarn, k8s://... "
          + "(default: spark-submit's, else ${sys:line.separator}local[*], Spark embedded in this JVM).")
  String master;

  @Option(names = "--conf", paramLabel = "KEY=VALUE",
      description = "A Spark setting, repeatable (e.g. --conf spark.executor.memory=4g).")
  Map<String, String> settings = new LinkedHashMap<>();

  /**
   * The Hadoop configuration for commands that touch files without starting Spark: Hadoop's defaults plus every
   * {@code spark.hadoop.*} setting, from spark-submit's system properties and from {@code --conf}.
   */
  public Configuration hadoopConfiguration() {
    Configuration conf = new Configuration();
    SparkConf sparkConf = new SparkConf();
    settings.forEach(sparkConf::set);
    for (scala.Tuple2<String, String> entry : sparkConf.getAll()) {
      if (entry._1().startsWith("spark.hadoop.")) {
        conf.set(entry._1().substring("spark.hadoop.".length()), entry._2());
      }
    }
    return conf;
  }

  /** Starts (or joins) the session for a command. */
  public SparkSession session(String command) {
    return SparkSessions.create("dgm " + command, master, settings);
  }
}
