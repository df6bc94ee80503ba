package dev.dgmspark.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** What this build is: the project version and git commit, and the Spark and DL4J versions it was built against. */
public final class BuildInfo {
  private static final Properties BUILD = load();

  private BuildInfo() {}

  /** The project version, for example {@code 0.1.0-SNAPSHOT}. */
  public static String projectVersion() {
    return BUILD.getProperty("version", "unknown");
  }

  /** The abbreviated git commit of the build, with {@code -dirty} when the tree had uncommitted changes. */
  public static String gitCommit() {
    String commit = BUILD.getProperty("git.commit", "");
    if (commit.isEmpty() || commit.startsWith("${")) {
      return "unknown";
    }
    return "true".equals(BUILD.getProperty("git.dirty")) ? commit + "-dirty" : commit;
  }

  /** The Spark version the project was built against. */
  public static String sparkVersion() {
    return BUILD.getProperty("spark.version", "unknown");
  }

  /** The DL4J version the project was built against. */
  public static String dl4jVersion() {
    return BUILD.getProperty("dl4j.version", "unknown");
  }

  private static Properties load() {
    Properties properties = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream("/dgm-spark-version.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the build properties", e);
    }
    return properties;
  }
}
