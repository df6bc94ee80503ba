package dev.dgmspark.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dgmspark.engine.LocalRound;
import dev.dgmspark.engine.MinibatchFiles;
import dev.dgmspark.engine.RoundPlan;
import dev.dgmspark.engine.StateSum;
import dev.dgmspark.engine.TrainingState;
import dev.dgmspark.engine.WorkerTask;
import dev.dgmspark.engine.spark.AveragingRound;
import dev.dgmspark.io.SerializableConfiguration;
import dev.dgmspark.testing.SharedSpark;
import dev.dgmspark.minibatch.BatchLabels;
import dev.dgmspark.minibatch.ImageBatchFile;
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

/**
 * The engine's Spark averaging round with the GAN family (two networks) on tiny networks in local[2], against the
 * same work done without Spark.
 */
class AveragingRoundTest extends SharedSpark {
  private static final List<Integer> CONDITION_COLUMNS = List.of(0);
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

  private static StateSum spark(GanConfig config, TrainingState start, List<WorkerTask> tasks) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<SerializableConfiguration> hadoop = jsc.broadcast(new SerializableConfiguration(new Configuration()));
    return AveragingRound.run(jsc, new GanFamily(config, CONDITION_COLUMNS), start, tasks, hadoop);
  }

  private static StateSum local(GanConfig config, TrainingState start, WorkerTask task) throws Exception {
    Configuration conf = new Configuration();
    GanFamily family = new GanFamily(config, CONDITION_COLUMNS);
    return LocalRound.run(family, GanModel.create(config), start, task,
        path -> MinibatchFiles.read(family, path, conf));
  }

  @Test
  void twoWorkersWithTheSameStartDataAndNoiseReproduceOneWorker() throws Exception {
    GanConfig config = GanStepTest.tiny(true);
    TrainingState start = GanModel.create(config).state();
    WorkerTask task = new WorkerTask(0, 17, BATCHES.subList(0, 3));
    StateSum averaged = spark(config, start, List.of(task, new WorkerTask(1, 17, BATCHES.subList(0, 3))));
    StateSum one = local(config, start, task);
    assertEquals(2, averaged.workers());
    float[] expected = one.mean().flat();
    assertArrayEquals(expected, averaged.mean().flat(), 1e-5f);
    assertTrue(maxDifference(start.flat(), expected) > 1e-4, "the workers did train");
    assertEquals(one.mean().iterations()[0], averaged.mean().iterations()[0]);
    assertEquals(3, averaged.mean().iterations()[1]);
    assertEquals(2 * one.metrics().examples(), averaged.metrics().examples());
  }

  @Test
  void theAveragedStateIsTheMeanOfTheWorkersStates() throws Exception {
    GanConfig config = new GanConfig(true, 8, 1, 3, 2, List.of("glasses"), List.of(List.of("no", "yes")), 2e-3,
        0.5, 0.1, 2, 7);
    TrainingState start = GanModel.create(config).state();
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
    TrainingState start = GanModel.create(config).state();
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
