package dev.dgmspark.engine.spark;

import dev.dgmspark.engine.LocalRound;
import dev.dgmspark.engine.MinibatchFiles;
import dev.dgmspark.engine.ModelFamily;
import dev.dgmspark.engine.StateSum;
import dev.dgmspark.engine.TrainableModel;
import dev.dgmspark.engine.TrainingState;
import dev.dgmspark.engine.WorkerTask;
import dev.dgmspark.io.SerializableConfiguration;
import dev.dgmspark.nn.NativeBackend;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;

/**
 * One round of parameter averaging on Spark, for any model family: the driver broadcasts the training state (the
 * parameters and updater state of every network, one flat vector), every worker runs its {@link WorkerTask} from
 * that state ({@link LocalRound}), and a tree reduction sums the workers' final states, which the driver divides by
 * the number of workers.
 *
 * <p>Written on plain Spark rather than dl4j-spark because dl4j-spark averages one network, and a GAN trains two
 * against each other; one round for every family keeps one training loop.
 */
public final class AveragingRound {
  private static final int TREE_DEPTH = 2;

  private AveragingRound() {}

  /** Runs the round and returns the summed states (call {@link StateSum#mean()} for the average). */
  public static <M extends TrainableModel, B> StateSum run(JavaSparkContext jsc, ModelFamily<M, B> family,
      TrainingState state, List<WorkerTask> tasks, Broadcast<SerializableConfiguration> hadoop) {
    Broadcast<TrainingState> start = jsc.broadcast(state);
    try {
      return jsc.parallelize(tasks, tasks.size())
          .map(new Worker<>(family, start, hadoop))
          .treeReduce(StateSum::merge, TREE_DEPTH);
    } finally {
      start.destroy();
    }
  }

  /** Executor side: one task per worker. */
  private static final class Worker<M extends TrainableModel, B> implements Function<WorkerTask, StateSum> {
    private static final long serialVersionUID = 1L;
    /**
     * Models per task thread, kept across rounds: building the networks costs more than a short round, and DL4J
     * networks must not be shared between threads.
     */
    private static final ThreadLocal<Map<ModelFamily<?, ?>, TrainableModel>> MODELS =
        ThreadLocal.withInitial(HashMap::new);

    private final ModelFamily<M, B> family;
    private final Broadcast<TrainingState> start;
    private final Broadcast<SerializableConfiguration> hadoop;

    Worker(ModelFamily<M, B> family, Broadcast<TrainingState> start, Broadcast<SerializableConfiguration> hadoop) {
      this.family = family;
      this.start = start;
      this.hadoop = hadoop;
    }

    @Override
    public StateSum call(WorkerTask task) throws Exception {
      NativeBackend.select();
      @SuppressWarnings("unchecked")
      M model = (M) MODELS.get().computeIfAbsent(family, f -> family.create());
      org.apache.hadoop.conf.Configuration conf = hadoop.value().get();
      return LocalRound.run(family, model, start.value(), task, path -> MinibatchFiles.read(family, path, conf));
    }
  }
}
