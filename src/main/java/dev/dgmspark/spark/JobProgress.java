package dev.dgmspark.spark;

import dev.dgmspark.common.ProgressLog;
import java.util.Arrays;
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
 * at most every few seconds ({@link ProgressLog}).
 *
 * <p>It follows the result stage of the jobs started under the current job group, so the caller sets the group before
 * starting work.
 */
public final class JobProgress extends SparkListener implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JobProgress.class);

  private final SparkSession spark;
  private final String group;
  private final long[] unitsPerPartition;
  private final Set<Integer> stages = new HashSet<>();
  private final BitSet done;
  private final ProgressLog progress;
  /** Count each task's input records instead of fixed units per partition. */
  private final boolean countRecords;

  private JobProgress(SparkSession spark, String name, long[] unitsPerPartition, long totalUnits, String unit,
      boolean countRecords) {
    this.spark = spark;
    this.group = spark.sparkContext().getLocalProperty("spark.jobGroup.id");
    this.unitsPerPartition = unitsPerPartition;
    this.done = new BitSet(unitsPerPartition.length);
    this.countRecords = countRecords;
    this.progress = new ProgressLog(LOG, name, unitsPerPartition.length, totalUnits, unit);
  }

  /**
   * Starts following the next jobs of the current job group, whose one result stage has a partition per entry of
   * {@code unitsPerPartition}.
   */
  public static JobProgress start(SparkSession spark, String name, long[] unitsPerPartition, String unit) {
    JobProgress progress = new JobProgress(spark, name, unitsPerPartition, Arrays.stream(unitsPerPartition).sum(),
        unit, false);
    spark.sparkContext().addSparkListener(progress);
    return progress;
  }

  /**
   * Starts following the next jobs of the current job group, whose result stage has {@code partitions} partitions
   * that read {@code totalRecords} input records in all (rows of Parquet files): each finished task counts the records
   * it read, as Spark's task metrics say.
   */
  public static JobProgress countingRecords(SparkSession spark, String name, int partitions, long totalRecords,
      String unit) {
    JobProgress progress = new JobProgress(spark, name, new long[partitions], totalRecords, unit, true);
    spark.sparkContext().addSparkListener(progress);
    return progress;
  }

  @Override
  public synchronized void onJobStart(SparkListenerJobStart jobStart) {
    String jobGroup = jobStart.properties() == null ? null
        : jobStart.properties().getProperty("spark.jobGroup.id");
    if (group != null && group.equals(jobGroup)) {
      // Only the result stage, which has the highest id (a job's parent stages are created first): a shuffle's map
      // stage has partitions of its own, which are not the units.
      int result = -1;
      for (Object stageId : JavaConverters.seqAsJavaList(jobStart.stageIds())) {
        result = Math.max(result, (Integer) stageId);
      }
      if (result >= 0) {
        stages.add(result);
      }
    }
  }

  @Override
  public synchronized void onTaskEnd(SparkListenerTaskEnd taskEnd) {
    if (!stages.contains(taskEnd.stageId()) || !(taskEnd.reason() instanceof Success$)) {
      return;
    }
    int index = taskEnd.taskInfo().index();
    // A partition counts once: a retried or speculative second success is the same work.
    if (index < 0 || index >= unitsPerPartition.length || done.get(index)) {
      return;
    }
    done.set(index);
    long records = countRecords && taskEnd.taskMetrics() != null
        ? taskEnd.taskMetrics().inputMetrics().recordsRead() : 0;
    progress.partDone(countRecords ? records : unitsPerPartition[index]);
  }

  /** Units of the partitions finished so far. */
  public long unitsDone() {
    return progress.unitsDone();
  }

  @Override
  public void close() {
    spark.sparkContext().removeSparkListener(this);
  }
}
