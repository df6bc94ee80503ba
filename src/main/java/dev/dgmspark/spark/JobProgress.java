package dev.dgmspark.spark;

import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;
import org.apache.spark.Success$;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.collection.JavaConverters;

/**
 * Logs a job's progress from the driver as tasks finish: tasks done, units done (files, rows), percentage and rate,
 * at most every few seconds.
 *
 * <p>It follows the jobs started under the current job group, so the caller sets the group before starting work.
 */
public final class JobProgress extends SparkListener implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JobProgress.class);
  private static final long LOG_EVERY_NANOS = 5_000_000_000L;

  private final SparkSession spark;
  private final String name;
  private final String group;
  private final long[] unitsPerPartition;
  private final long totalUnits;
  private final String unit;
  private final Set<Integer> stages = new HashSet<>();
  private final BitSet done;
  private final long start = System.nanoTime();
  private long unitsDone;
  private long lastLog = start;

  private JobProgress(SparkSession spark, String name, long[] unitsPerPartition, String unit) {
    this.spark = spark;
    this.name = name;
    this.group = spark.sparkContext().getLocalProperty("spark.jobGroup.id");
    this.unitsPerPartition = unitsPerPartition;
    long total = 0;
    for (long units : unitsPerPartition) {
      total += units;
    }
    this.totalUnits = total;
    this.unit = unit;
    this.done = new BitSet(unitsPerPartition.length);
  }

  /**
   * Starts following the next jobs of the current job group, whose one result stage has a partition per entry of
   * {@code unitsPerPartition}.
   */
  public static JobProgress start(SparkSession spark, String name, long[] unitsPerPartition, String unit) {
    JobProgress progress = new JobProgress(spark, name, unitsPerPartition, unit);
    spark.sparkContext().addSparkListener(progress);
    return progress;
  }

  @Override
  public synchronized void onJobStart(SparkListenerJobStart jobStart) {
    String jobGroup = jobStart.properties() == null ? null
        : jobStart.properties().getProperty("spark.jobGroup.id");
    if (group != null && group.equals(jobGroup)) {
      for (Object stageId : JavaConverters.seqAsJavaList(jobStart.stageIds())) {
        stages.add((Integer) stageId);
      }
    }
  }

  @Override
  public synchronized void onTaskEnd(SparkListenerTaskEnd taskEnd) {
    if (!stages.contains(taskEnd.stageId()) || !(taskEnd.reason() instanceof Success$)) {
      return;
    }
    int index = taskEnd.taskInfo().index();
    if (index < 0 || index >= unitsPerPartition.length || done.get(index)) {
      return;
    }
    done.set(index);
    unitsDone += unitsPerPartition[index];
    long now = System.nanoTime();
    if (now - lastLog >= LOG_EVERY_NANOS || done.cardinality() == unitsPerPartition.length) {
      lastLog = now;
      double seconds = Math.max((now - start) / 1e9, 1e-9);
      LOG.info(String.format("%s: %d/%d tasks, %,d/%,d %s (%.0f%%), %,.0f %s/s", name, done.cardinality(),
          unitsPerPartition.length, unitsDone, totalUnits, unit, 100.0 * unitsDone / Math.max(1, totalUnits),
          unitsDone / seconds, unit));
    }
  }

  @Override
  public void close() {
    spark.sparkContext().removeSparkListener(this);
  }
}
