package dev.dgmspark.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dgmspark.testing.LogCapture;
import dev.dgmspark.testing.SharedSpark;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

/** {@link JobProgress} counts the partitions of its own job group, each once, and logs the total. */
class JobProgressTest extends SharedSpark {

  /** Waits until the listener bus has delivered every event so far (Spark-internal, public in bytecode). */
  private static void drainListenerBus() throws Exception {
    spark.sparkContext().listenerBus().waitUntilEmpty(60_000);
  }

  @Test
  void countsEachPartitionOfItsGroupOnceAndLogsTheTotal() throws Exception {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<Integer> values = List.of(1, 2, 3, 4, 5, 6, 7, 8);
    try (LogCapture log = LogCapture.start()) {
      jsc.setJobGroup("followed", "the job followed", false);
      try (JobProgress progress = JobProgress.start(spark, "progress-test", new long[] {1, 2, 3, 4}, "rows")) {
        jsc.setJobGroup("other", "another job group", false);
        jsc.parallelize(values, 4).count();
        drainListenerBus();
        assertEquals(0, progress.unitsDone(), "tasks of another job group are not counted");

        jsc.setJobGroup("followed", "the job followed", false);
        assertEquals(8L, jsc.parallelize(values, 4).count());
        drainListenerBus();
        assertEquals(1 + 2 + 3 + 4, progress.unitsDone());

        jsc.parallelize(values, 4).count();   // the same partitions again: the same work, not more
        drainListenerBus();
        assertEquals(10, progress.unitsDone());
      } finally {
        jsc.clearJobGroup();
      }
      String text = log.text();
      Matcher done = Pattern.compile("progress-test: 4/4 tasks, 10/10 rows \\(100%\\), [0-9,]+ rows/s").matcher(text);
      assertTrue(done.find(), text);
      assertTrue(!done.find(), "the finished line is logged once: " + text);
    }
  }

  @Test
  void countsTheRecordsEachTaskReadFromParquet(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    String path = dir.resolve("rows").toString();
    spark.range(0, 250, 1, 3).write().parquet(path);
    var rows = spark.read().parquet(path).javaRDD();
    try (LogCapture log = LogCapture.start()) {
      jsc.setJobGroup("records", "records read", false);
      try (JobProgress progress = JobProgress.countingRecords(spark, "records-test", rows.getNumPartitions(), 250,
          "rows")) {
        assertEquals(250L, rows.count());
        drainListenerBus();
        assertEquals(250, progress.unitsDone(), "the records the tasks read, whatever the partitioning");
      } finally {
        jsc.clearJobGroup();
      }
      assertTrue(log.text().contains("250/250 rows (100%)"), log.text());
    }
  }
}
