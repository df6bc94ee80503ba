package dev.dgmspark.train;

import dev.dgmspark.common.ModelKind;
import dev.dgmspark.diffusion.DiffusionConfig;
import dev.dgmspark.diffusion.DiffusionFamily;
import dev.dgmspark.diffusion.DiffusionFolder;
import dev.dgmspark.diffusion.DiffusionHooks;
import dev.dgmspark.diffusion.DiffusionModel;
import dev.dgmspark.engine.Checkpoints;
import dev.dgmspark.engine.spark.TrainingData;
import dev.dgmspark.engine.spark.TrainingLoop;
import dev.dgmspark.io.Storage;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * {@code train --model diffusion}: the diffusion family on the training engine. A new run builds the U-Net for the
 * shards' image size and channels; {@code --resume} takes the configuration from the model folder's
 * {@code model.json}.
 */
public final class DiffusionTraining {
  private DiffusionTraining() {}

  /** Trains as {@code diffusion} says and returns the finished run. */
  public static TrainingLoop.Outcome<DiffusionModel> run(SparkSession spark, DiffusionOptions diffusion)
      throws IOException {
    TrainOptions options = diffusion.train();
    if (options.kind() != ModelKind.DIFFUSION) {
      throw new IllegalArgumentException("DiffusionTraining trains diffusion models, not " + options.kind());
    }
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    TrainingData training = TrainingData.read(options.data(), conf);
    Path out = Storage.qualify(options.out(), conf);
    DiffusionFolder.Descriptor descriptor;
    DiffusionModel start = null;
    if (options.resume()) {
      new Checkpoints(out, conf).resumeEpoch(options.out(), options.epochs());
      descriptor = DiffusionFolder.readDescriptor(out, conf);
    } else {
      DiffusionConfig config = new DiffusionConfig(training.index().size(), training.index().channels(),
          diffusion.filters(), DiffusionConfig.DEFAULT_EMBEDDING_DIM, diffusion.schedule(), diffusion.timesteps(),
          diffusion.ema(), options.learningRate(), options.seed());
      descriptor = new DiffusionFolder.Descriptor(config, training.indexSha256(), 0);
      start = DiffusionModel.create(config);
    }
    DiffusionFamily family = new DiffusionFamily(descriptor.config());
    DiffusionHooks hooks = new DiffusionHooks(descriptor, options.seed());
    return TrainingLoop.run(spark, training, family, hooks, options.loop(), start, diffusion);
  }
}
