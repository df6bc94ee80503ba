package dev.dgmspark.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link ExecutorFit}: an executor fits when one alive worker has its memory and cores; otherwise say which. */
class ExecutorFitTest {
  private static final String MASTER = "spark://127.0.0.1:7077";
  private static final ExecutorFit.Worker SMALL = new ExecutorFit.Worker("w1", true, 1, 2048, 1);
  private static final ExecutorFit.Worker BIG_DEAD = new ExecutorFit.Worker("w2", false, 8, 65536, 8);

  @Test
  void anExecutorThatFitsOneWorkerPasses() {
    assertEquals(Optional.empty(), ExecutorFit.problem(MASTER, List.of(SMALL), 2048, 0, 1));
    assertEquals(Optional.empty(), ExecutorFit.problem(MASTER, List.of(SMALL,
        new ExecutorFit.Worker("w3", true, 4, 8192, 0)), 4096, 2, 1));
  }

  @Test
  void tooMuchMemoryNamesTheSettingTheSizesAndTheLargestThatFits() {
    String message = ExecutorFit.problem(MASTER, List.of(SMALL, BIG_DEAD), 4096, 0, 1).orElseThrow();
    assertTrue(message.contains("spark.executor.memory is 4 GiB"), message);
    assertTrue(message.contains("1 alive worker, the largest with 2 GiB and 1 core"), message);
    assertTrue(message.contains("spark.executor.memory=2048m"), message);
    assertTrue(message.contains("WORKER_MEMORY"), message);
  }

  @Test
  void tooManyCoresNamesTheCoreSettings() {
    String message = ExecutorFit.problem(MASTER, List.of(SMALL), 1024, 2, 1).orElseThrow();
    assertTrue(message.contains("needs 2 cores (spark.executor.cores=2, spark.task.cpus=1)"), message);
    assertTrue(message.contains("at most 1"), message);
    assertTrue(ExecutorFit.problem(MASTER, List.of(SMALL), 1024, 0, 2).orElseThrow().contains("spark.task.cpus=2"));
  }

  @Test
  void noAliveWorkerIsSaid() {
    String message = ExecutorFit.problem(MASTER, List.of(BIG_DEAD), 1024, 0, 1).orElseThrow();
    assertTrue(message.contains("no alive worker"), message);
  }
}
