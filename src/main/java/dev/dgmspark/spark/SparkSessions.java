package dev.dgmspark.spark;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the Spark session a job runs in: {@code spark-submit}'s master and settings when there are any, otherwise
 * Spark embedded in this JVM ({@code local[*]}).
 *
 * <p>Jobs never hard-code a master: {@code --master} and {@code --conf} on the command line win, then whatever
 * {@code spark-submit} put into the system properties, then the embedded default.
 */
public final class SparkSessions {
  /** The master used when neither the command line nor spark-submit names one. */
  public static final String DEFAULT_MASTER = "local[*]";

  private SparkSessions() {}

  /**
   * Settings every job gets unless the command line or spark-submit set them: Kryo with ND4J's serializers (what
   * dl4j-spark needs to ship arrays) and Java serialisation for records ({@link DgmKryoRegistrator}); and two for
   * parameter averaging, which ships the whole training state (15 MB for the default 32x32 VAE) to every worker and
   * back each round: broadcasts uncompressed (the state is floats, which LZ4 barely shrinks) and task results up to
   * 64 MB sent straight to the driver rather than through the block manager (Spark caps this at the RPC message
   * size). Together they raised {@code local[2]} VAE training from 525 to 581 examples/s (three alternating runs of
   * seven epochs, median epoch; neither alone did reliably).
   */
  public static final Map<String, String> DEFAULTS = Map.of(
      "spark.serializer", "org.apache.spark.serializer.KryoSerializer",
      "spark.kryo.registrator", DgmKryoRegistrator.class.getName(),
      "spark.broadcast.compress", "false",
      "spark.task.maxDirectResultSize", "64m");

  /**
   * Creates (or joins) the session for {@code appName} with the command line's master and settings. On a standalone
   * master it first checks that some worker can start an executor of the size asked for
   * ({@link StandaloneResources}), and stops with a usage error naming the settings when none can.
   */
  public static SparkSession create(String appName, String master, Map<String, String> settings) {
    SparkConf conf = new SparkConf(); // loads spark.* system properties, as spark-submit sets them
    if (master != null) {
      conf.setMaster(master);
    } else if (!conf.contains("spark.master")) {
      conf.setMaster(DEFAULT_MASTER);
    }
    conf.setIfMissing("spark.app.name", appName);
    // The jobs log their own progress with counts and rates; the console bar garbles those lines.
    conf.setIfMissing("spark.ui.showConsoleProgress", "false");
    DEFAULTS.forEach(conf::setIfMissing);
    settings.forEach(conf::set);
    SparkSession session = SparkSession.builder().config(conf).getOrCreate();
    try {
      StandaloneResources.check(session.sparkContext());
    } catch (RuntimeException e) {
      session.stop();
      throw e;
    }
    return session;
  }
}
