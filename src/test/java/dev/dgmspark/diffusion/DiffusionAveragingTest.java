package dev.dgmspark.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dgmspark.engine.LocalRound;
import dev.dgmspark.engine.MinibatchFiles;
import dev.dgmspark.engine.StateSum;
import dev.dgmspark.engine.TrainingState;
import dev.dgmspark.engine.WorkerTask;
import dev.dgmspark.engine.spark.AveragingRound;
import dev.dgmspark.io.SerializableConfiguration;
import dev.dgmspark.minibatch.ImageBatchFile;
import dev.dgmspark.testing.SharedSpark;
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
 * The diffusion family in the engine's Spark averaging round (local[2]): two workers given the same start, data and
 * noise end where one worker alone does, network, updater state and moving average alike.
 */
class DiffusionAveragingTest extends SharedSpark {
  private static final DiffusionConfig CONFIG = new DiffusionConfig(28, 1, 4, 8, ScheduleKind.COSINE, 50, 0.9, 1e-3,
      11);
  @TempDir static Path dir;
  private static final List<String> BATCHES = new ArrayList<>();

  @BeforeAll
  static void writeBatches() throws Exception {
    Random random = new Random(4);
    for (int b = 0; b < 3; b++) {
      byte[] pixels = new byte[4 * 28 * 28];
      random.nextBytes(pixels);
      Path file = dir.resolve(String.format("batch-%05d-000000.bin", b));
      try (OutputStream out = Files.newOutputStream(file)) {
        new ImageBatchFile(4, 1, 28, 28, pixels).write(out);
      }
      BATCHES.add(file.toUri().toString());
    }
  }

  @Test
  void twoWorkersWithTheSameStartDataAndNoiseReproduceOneWorker() throws Exception {
    DiffusionFamily family = new DiffusionFamily(CONFIG);
    TrainingState start = DiffusionModel.create(CONFIG).state();
    WorkerTask task = new WorkerTask(0, 23, BATCHES);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<SerializableConfiguration> hadoop = jsc.broadcast(new SerializableConfiguration(new Configuration()));
    StateSum averaged = AveragingRound.run(jsc, family, start, List.of(task, new WorkerTask(1, 23, BATCHES)),
        hadoop);
    Configuration conf = new Configuration();
    StateSum one = LocalRound.run(family, DiffusionModel.create(CONFIG), start, task,
        path -> MinibatchFiles.read(family, path, conf));
    assertEquals(2, averaged.workers());
    float[] expected = one.mean().flat();
    assertArrayEquals(expected, averaged.mean().flat(), 1e-5f);
    assertEquals(3, averaged.mean().iterations()[0]);
    assertEquals(2 * one.metrics().examples(), averaged.metrics().examples());

    // The state holds [network, moving average, updater state]; the average moved, towards the new weights.
    DiffusionModel trained = DiffusionModel.create(CONFIG);
    trained.setState(one.mean());
    DiffusionModel initial = DiffusionModel.create(CONFIG);
    initial.setState(start);
    double moved = trained.average().distance2(initial.average());
    assertTrue(moved > 1e-4, "the moving average took the updates in");
    assertTrue(trained.average().distance2(trained.network().params()) < trained.network().params()
        .distance2(initial.network().params()), "the average lies nearer the new weights than the start does");
  }
}
