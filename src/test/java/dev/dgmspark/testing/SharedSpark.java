package dev.dgmspark.testing;

import dev.dgmspark.spark.SparkSessions;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Base class for test classes that need Spark: one {@code local[2]} session per class, UI off, bound to loopback.
 */
public abstract class SharedSpark {
  protected static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    spark = builder("local[2]").getOrCreate();
  }

  /** The test session's settings on {@code master}, for test classes that need another master or more settings. */
  public static SparkSession.Builder builder(String master) {
    SparkSession.Builder builder = SparkSession.builder()
        .master(master)
        .appName("dgm-spark-test")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "4");
    SparkSessions.DEFAULTS.forEach(builder::config); // the jobs' serializer and settings
    return builder;
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.stop();
      spark = null;
    }
  }
}
