package dev.dgmspark.common;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * What made an output: the project version and git commit baked in at build time, the Spark, DL4J and Java versions,
 * the command and its options, and when it started.
 *
 * <p>Every job's {@code summary.json} carries one, so that a folder of shards, a model or a manifest can be traced back
 * to the code and options that produced it.
 *
 * @param project always {@code dgm-spark}
 * @param projectVersion {@link BuildInfo#projectVersion()}
 * @param gitCommit {@link BuildInfo#gitCommit()}
 * @param sparkVersion the Spark version built against
 * @param dl4jVersion the DL4J version built against
 * @param javaVersion the running JVM's version
 * @param command the command ({@code shard}, {@code debias}, ...)
 * @param options the command's options, free of secrets (the jobs record paths and numbers, never Hadoop or Spark
 *     settings); written with Jackson, so an options record with snake_case names
 * @param startedAt the start time, ISO-8601
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Provenance(String project, String projectVersion, String gitCommit, String sparkVersion,
    String dl4jVersion, String javaVersion, String command, Object options, String startedAt) {

  /** The provenance of a run of {@code command} with {@code options} that started at {@code startedAt}. */
  public static Provenance of(String command, Object options, Instant startedAt) {
    return new Provenance("dgm-spark", BuildInfo.projectVersion(), BuildInfo.gitCommit(), BuildInfo.sparkVersion(),
        BuildInfo.dl4jVersion(), System.getProperty("java.version"), command, options, startedAt.toString());
  }
}
