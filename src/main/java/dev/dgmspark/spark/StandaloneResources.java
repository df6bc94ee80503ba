package dev.dgmspark.spark;

import dev.dgmspark.common.ExecutorFit;
import dev.dgmspark.common.UsageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkEnv;
import org.apache.spark.deploy.DeployMessages;
import org.apache.spark.deploy.master.WorkerInfo;
import org.apache.spark.rpc.RpcAddress;
import org.apache.spark.rpc.RpcEndpointRef;
import org.apache.spark.rpc.RpcTimeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.concurrent.duration.FiniteDuration;
import scala.reflect.ClassTag$;

/**
 * Asks a standalone master (the state its web UI shows, over Spark's own RPC) whether any worker can start an
 * executor of the size the job asks for, so that a job that never could fails in seconds with the settings to
 * change ({@link ExecutorFit}) instead of waiting forever for resources.
 */
public final class StandaloneResources {
  private static final Logger LOG = LoggerFactory.getLogger(StandaloneResources.class);
  private static final String MASTER_ENDPOINT = "Master";
  /** Setting that turns the check off ({@code false}), for masters that hide their state. */
  public static final String CHECK_SETTING = "spark.dgm.checkResources";
  private static final long ASK_SECONDS = 10;

  private StandaloneResources() {}

  /**
   * Checks a session on a {@code spark://} master; other masters pass unchecked. Throws a {@link UsageException}
   * naming the settings when no worker can ever start an executor; logs and carries on when the master does not
   * answer.
   */
  public static void check(SparkContext sc) {
    String master = sc.master();
    if (!master.startsWith("spark://") || !sc.getConf().getBoolean(CHECK_SETTING, true)) {
      return;
    }
    Optional<List<ExecutorFit.Worker>> workers = workers(master);
    if (workers.isEmpty()) {
      LOG.warn("could not read the state of the master {}; not checking that its workers fit the executors", master);
      return;
    }
    long memoryMb = sc.executorMemory();
    int cores = sc.getConf().getInt("spark.executor.cores", 0);
    int taskCpus = sc.getConf().getInt("spark.task.cpus", 1);
    Optional<String> problem = ExecutorFit.problem(master, workers.get(), memoryMb, cores, taskCpus);
    if (problem.isPresent()) {
      throw new UsageException(problem.get());
    }
    int free = workers.get().stream().filter(ExecutorFit.Worker::alive).mapToInt(ExecutorFit.Worker::coresFree)
        .sum();
    LOG.info(String.format(Locale.ROOT, "master %s: %d alive workers fit executors of %d MiB; %d cores free now",
        master, workers.get().stream().filter(ExecutorFit.Worker::alive).count(), memoryMb, free));
    if (free == 0) {
      LOG.warn("every core of {} is in use by other applications: the job waits until some are free", master);
    }
  }

  /** The workers of the first master of {@code url} that answers as the active one, or empty. */
  static Optional<List<ExecutorFit.Worker>> workers(String url) {
    SparkEnv env = SparkEnv.get();
    if (env == null) {
      return Optional.empty();
    }
    for (String hostPort : url.substring("spark://".length()).split(",")) {
      try {
        RpcEndpointRef ref = env.rpcEnv().setupEndpointRef(RpcAddress.fromSparkURL("spark://" + hostPort.trim()),
            MASTER_ENDPOINT);
        DeployMessages.MasterStateResponse state = ref.askSync(DeployMessages.RequestMasterState$.MODULE$,
            new RpcTimeout(new FiniteDuration(ASK_SECONDS, TimeUnit.SECONDS), CHECK_SETTING),
            ClassTag$.MODULE$.apply(DeployMessages.MasterStateResponse.class));
        if (!"ALIVE".equals(state.status().toString())) {
          continue;
        }
        List<ExecutorFit.Worker> workers = new ArrayList<>();
        for (WorkerInfo w : state.workers()) {
          workers.add(new ExecutorFit.Worker(w.id(), w.isAlive(), w.cores(), w.memory(), w.coresFree()));
        }
        return Optional.of(workers);
      } catch (RuntimeException e) {
        LOG.debug("master {} did not answer: {}", hostPort, e.toString());
      }
    }
    return Optional.empty();
  }
}
