package dev.dgmspark.gan;

import dev.dgmspark.io.SerializableConfiguration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;

/**
 * One round of parameter averaging for a GAN on Spark: the driver broadcasts the training state of both networks
 * (parameters and Adam moments, one flat vector), every worker runs its {@link WorkerTask} from that state
 * ({@link LocalTraining}), and a tree reduction sums the workers' final states, which the driver divides by the
 * number of workers.
 *
 * <p>dl4j-spark's parameter averaging trains one network; a GAN is two networks trained against each other, so the
 * round is written here on plain Spark.
 */
public final class AveragingRound {
  private static final int TREE_DEPTH = 2;

  private AveragingRound() {}

  /**
   * Runs the round and returns the summed states (call {@link StateSum#mean()} for the average).
   *
   * @param conditionColumns for each condition attribute, its column in the minibatches' label files
   */
  public static StateSum run(JavaSparkContext jsc, GanConfig config, int[] conditionColumns, GanState state,
      List<WorkerTask> tasks, Broadcast<SerializableConfiguration> hadoop) {
    Broadcast<GanState> start = jsc.broadcast(state);
    try {
      return jsc.parallelize(tasks, tasks.size())
          .map(new Worker(config, conditionColumns, start, hadoop))
          .treeReduce(StateSum::merge, TREE_DEPTH);
    } finally {
      start.destroy();
    }
  }

  /** Executor side: one task per worker. */
  private static final class Worker implements Function<WorkerTask, StateSum> {
    private static final long serialVersionUID = 1L;
    /**
     * Networks per task thread, kept across rounds: building them costs more than a short round, and DL4J networks
     * must not be shared between threads.
     */
    private static final ThreadLocal<Map<GanConfig, GanModel>> MODELS = ThreadLocal.withInitial(HashMap::new);

    private final GanConfig config;
    private final int[] conditionColumns;
    private final Broadcast<GanState> start;
    private final Broadcast<SerializableConfiguration> hadoop;

    Worker(GanConfig config, int[] conditionColumns, Broadcast<GanState> start,
        Broadcast<SerializableConfiguration> hadoop) {
      this.config = config;
      this.conditionColumns = conditionColumns.clone();
      this.start = start;
      this.hadoop = hadoop;
    }

    @Override
    public StateSum call(WorkerTask task) throws Exception {
      GanModel model = MODELS.get().computeIfAbsent(config, GanModel::create);
      org.apache.hadoop.conf.Configuration conf = hadoop.value().get();
      return LocalTraining.run(model, start.value(), task,
          path -> RealBatch.read(path, config, conditionColumns, conf));
    }
  }
}
