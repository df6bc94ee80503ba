package dev.dgmspark.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * What made an output: the project version and git commit baked in at build time, plus the Spark and DL4J versions.
 *
 * <p>Every job's {@code summary.json} carries a provenance block so that a folder of shards, a model or a manifest can be
 * traced back to the code and options that produced it.
 */
public final class Provenance {
  private static final Properties BUILD = loadBuildProperties();

  private Provenance() {}

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

  /**
   * The provenance block for a job's summary: versions, the command, its options (already free of secrets) and the
   * start time.
   */
  public static Map<String, Object> of(String command, Map<String, ?> options, Instant startedAt) {
    Map<String, Object> block = new LinkedHashMap<>();
    block.put("project", "dgm-spark");
    block.put("project_version", projectVersion());
    block.put("git_commit", gitCommit());
    block.put("spark_version", BUILD.getProperty("spark.version", "unknown"));
    block.put("dl4j_version", BUILD.getProperty("dl4j.version", "unknown"));
    block.put("java_version", System.getProperty("java.version"));
    block.put("command", command);
    block.put("options", options);
    block.put("started_at", startedAt.toString());
    return block;
  }

  private static Properties loadBuildProperties() {
    Properties properties = new Properties();
    try (InputStream in = Provenance.class.getResourceAsStream("/dgm-spark-version.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the build properties", e);
    }
    return properties;
  }
}
