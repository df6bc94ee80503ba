package dev.dgmspark.train;

import dev.dgmspark.common.UsageException;
import dev.dgmspark.engine.AttributeValues;
import dev.dgmspark.engine.Checkpoints;
import dev.dgmspark.engine.spark.AttributeCounts;
import dev.dgmspark.engine.spark.TrainingData;
import dev.dgmspark.engine.spark.TrainingLoop;
import dev.dgmspark.io.Storage;
import dev.dgmspark.vae.VaeConfig;
import dev.dgmspark.vae.VaeFamily;
import dev.dgmspark.vae.VaeFolder;
import dev.dgmspark.vae.VaeHooks;
import dev.dgmspark.vae.VaeModel;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * {@code train --model ae|vae|betavae}: the autoencoder family on the training engine. A new run builds the
 * network from the options; {@code --resume} takes the configuration from the model folder.
 */
public final class VaeTraining {
  private VaeTraining() {}

  /** Trains as {@code options} say and returns the finished run. */
  public static TrainingLoop.Outcome<VaeModel> run(SparkSession spark, TrainOptions options) throws IOException {
    if (!options.kind().autoencoder()) {
      throw new IllegalArgumentException("VaeTraining trains ae, vae and betavae, not " + options.kind());
    }
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    TrainingData training = TrainingData.read(options.data(), conf);
    Path out = Storage.qualify(options.out(), conf);
    VaeConfig config;
    VaeModel start = null;
    if (options.resume()) {
      new Checkpoints(out, conf).resumeEpoch(options.out(), options.epochs());
      config = VaeFolder.readConfig(out, conf);
      if (config.kind() != options.kind()) {
        throw new UsageException("--resume: --out holds a " + config.kind() + " model, not " + options.kind());
      }
      options = options.withAutoencoderDefaults(config.channels(), config.likelihood());
    } else {
      options = options.withAutoencoderDefaults(training.index().channels(), null);
      config = options.newAutoencoder(training.index().size(), training.index().channels());
    }
    VaeFamily family = new VaeFamily(config);
    if (start == null && !options.resume()) {
      start = family.create();
    }
    AttributeValues attributes = AttributeCounts.count(spark, training.index(), training.folder(), List.of(),
        "--data");
    VaeHooks hooks = new VaeHooks(config, training.indexSha256(), attributes);
    return TrainingLoop.run(spark, training, family, hooks, options.loop(), start, options);
  }
}
