package dev.dgmspark.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dgmspark.io.SerializableConfiguration;
import dev.dgmspark.testing.SharedSpark;
import dev.dgmspark.train.BatchLabels;
import dev.dgmspark.train.ImageBatchFile;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Spark averaging round on tiny networks in local[2], against the same work done without Spark. */
class AveragingRoundTest extends SharedSpark {
  private static final int[] CONDITION_COLUMNS = {0};
  @TempDir static Path dir;
  private static final List<String> BATCHES = new ArrayList<>();

  @BeforeAll
  static void writeBatches() throws Exception {
    Random random = new Random(3);
    for (int b = 0; b < 6; b++) {
      int n = 4;
      byte[] pixels = new byte[n * 64];
      random.nextBytes(pixels);
      byte[] codes = new byte[n];
      for (int i = 0; i < n; i++) {
        codes[i] = (byte) random.nextInt(2);
      }
      Path file = dir.resolve(String.format("batch-%05d-000000.bin", b));
      try (OutputStream out = Files.newOutputStream(file)) {
        new ImageBatchFile(n, 1, 8, 8, pixels).write(out);
      }
      try (OutputStream out = Files.newOutputStream(Path.of(BatchLabels.pathFor(file.toString())))) {
        new BatchLabels(n, 1, codes).write(out);
      }
      BATCHES.add(file.toUri().toString());
    }
  }

  private static StateSum spark(GanConfig config, GanState start, List<WorkerTask> tasks) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<SerializableConfiguration> hadoop = jsc.broadcast(new SerializableConfiguration(new Configuration()));
    return AveragingRound.run(jsc, config, CONDITION_COLUMNS, start, tasks, hadoop);
  }

  private static StateSum local(GanConfig config, GanState start, WorkerTask task) throws Exception {
    Configuration conf = new Configuration();
    return LocalTraining.run(GanModel.create(config), start, task,
        path -> RealBatch.read(path, config, CONDITION_COLUMNS, conf));
  }

  @Test
  void twoWorkersWithTheSameStartDataAndNoiseReproduceOneWorker() throws Exception {
    GanConfig config = GanStepTest.tiny(true);
    GanState start = GanModel.create(config).state();
    WorkerTask task = new WorkerTask(0, 17, BATCHES.subList(0, 3));
    StateSum averaged = spark(config, start, List.of(task, new WorkerTask(1, 17, BATCHES.subList(0, 3))));
    StateSum one = local(config, start, task);
    assertEquals(2, averaged.workers());
    float[] expected = one.mean().flat();
    assertArrayEquals(expected, averaged.mean().flat(), 1e-5f);
    assertTrue(maxDifference(start.flat(), expected) > 1e-4, "the workers did train");
    assertEquals(one.mean().generatorIterations(), averaged.mean().generatorIterations());
    assertEquals(3, averaged.mean().discriminatorIterations());
    assertEquals(2 * one.totals().examples(), averaged.totals().examples());
  }

  @Test
  void theAveragedStateIsTheMeanOfTheWorkersStates() throws Exception {
    GanConfig config = new GanConfig(true, 8, 1, 3, 2, List.of("glasses"), List.of(List.of("no", "yes")), 2e-3,
        0.5, 0.1, 2, 7);
    GanState start = GanModel.create(config).state();
    List<WorkerTask> tasks = RoundPlan.plan(BATCHES, 2, 1, 2, 99, 1).get(0);
    assertEquals(2, tasks.size());
    StateSum averaged = spark(config, start, tasks);
    float[] a = local(config, start, tasks.get(0)).mean().flat();
    float[] b = local(config, start, tasks.get(1)).mean().flat();
    float[] mean = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      mean[i] = (a[i] + b[i]) / 2;
    }
    assertTrue(maxDifference(a, b) > 1e-4, "different data and noise give different workers");
    assertArrayEquals(mean, averaged.mean().flat(), 1e-5f);
  }

  @Test
  void differentNoiseStreamsGiveDifferentStates() throws Exception {
    GanConfig config = GanStepTest.tiny(false);
    GanState start = GanModel.create(config).state();
    float[] a = local(config, start, new WorkerTask(0, 1, BATCHES.subList(0, 2))).mean().flat();
    float[] b = local(config, start, new WorkerTask(0, 2, BATCHES.subList(0, 2))).mean().flat();
    float[] again = local(config, start, new WorkerTask(0, 1, BATCHES.subList(0, 2))).mean().flat();
    assertTrue(maxDifference(a, b) > 1e-4);
    assertArrayEquals(a, again, 1e-6f);
  }

  static float maxDifference(float[] a, float[] b) {
    float max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }
}
