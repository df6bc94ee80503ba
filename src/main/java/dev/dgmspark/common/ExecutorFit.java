package dev.dgmspark.common;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a Spark standalone cluster can ever start an executor of the size a job asks for: some alive worker must
 * have at least {@code spark.executor.memory} and enough cores. Without one, Spark waits forever ("Initial job has
 * not accepted any resources"), so the jobs check first and stop with a message naming the settings to change.
 */
public final class ExecutorFit {
  private ExecutorFit() {}

  /**
   * A worker as the master describes it.
   *
   * @param id the worker's id
   * @param alive whether the master counts it as alive
   * @param cores its cores
   * @param memoryMb memory it offers to executors, in MiB
   * @param coresFree cores not used by any application now
   */
  public record Worker(String id, boolean alive, int cores, long memoryMb, int coresFree) {}

  /**
   * What stops every executor from starting, or empty when some worker fits one.
   *
   * @param master the master's URL, for the message
   * @param workers the master's workers
   * @param executorMemoryMb {@code spark.executor.memory} in MiB
   * @param executorCores {@code spark.executor.cores}; 0 when unset (standalone then gives an executor all free
   *     cores of its worker)
   * @param taskCpus {@code spark.task.cpus}
   */
  public static Optional<String> problem(String master, List<Worker> workers, long executorMemoryMb,
      int executorCores, int taskCpus) {
    List<Worker> alive = workers.stream().filter(Worker::alive).toList();
    String change = " Change the job's settings (jobs/*.sh: SPARK_CONF=\"key=value ...\"; scripts/dgm: --conf "
        + "key=value) or start bigger workers (scripts/cluster-up: WORKER_MEMORY, WORKER_CORES).";
    if (alive.isEmpty()) {
      return Optional.of("The Spark master " + master + " has no alive worker, so no executor can start. Start "
          + "workers (scripts/cluster-up starts a master with workers) or submit to another master.");
    }
    int neededCores = Math.max(Math.max(executorCores, 1), taskCpus);
    long largestMemory = alive.stream().mapToLong(Worker::memoryMb).max().orElse(0);
    int largestCores = alive.stream().mapToInt(Worker::cores).max().orElse(0);
    boolean anyFits = alive.stream().anyMatch(w -> w.memoryMb() >= executorMemoryMb && w.cores() >= neededCores);
    if (anyFits) {
      return Optional.empty();
    }
    String workersText = String.format(Locale.ROOT, "%d alive worker%s, the largest with %s and %d core%s",
        alive.size(), alive.size() == 1 ? "" : "s", mib(largestMemory), largestCores, largestCores == 1 ? "" : "s");
    if (largestMemory < executorMemoryMb) {
      return Optional.of(String.format(Locale.ROOT, "No worker of %s can start an executor: spark.executor.memory "
          + "is %s but %s. Set spark.executor.memory to at most %s (e.g. spark.executor.memory=%dm), or give the "
          + "workers more memory.%s", master, mib(executorMemoryMb), workersText, mib(largestMemory),
          Math.max(256, largestMemory), change));
    }
    return Optional.of(String.format(Locale.ROOT, "No worker of %s can start an executor: it needs %d cores "
        + "(spark.executor.cores=%d, spark.task.cpus=%d) but %s. Lower spark.executor.cores or spark.task.cpus to "
        + "at most %d.%s", master, neededCores, executorCores, taskCpus, workersText, largestCores, change));
  }

  private static String mib(long mb) {
    return mb % 1024 == 0 ? (mb / 1024) + " GiB" : mb + " MiB";
  }
}
