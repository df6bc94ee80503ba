package dev.dgmspark.train;

import dev.dgmspark.common.ModelKind;
import dev.dgmspark.common.UsageException;
import dev.dgmspark.engine.Checkpoints;
import dev.dgmspark.engine.spark.TrainingData;
import dev.dgmspark.engine.spark.TrainingLoop;
import dev.dgmspark.io.Storage;
import dev.dgmspark.shard.ShardSchema;
import dev.dgmspark.translate.Pix2PixConfig;
import dev.dgmspark.translate.Pix2PixFamily;
import dev.dgmspark.translate.Pix2PixHooks;
import dev.dgmspark.translate.Pix2PixModel;
import dev.dgmspark.translate.TranslationFolder;
import dev.dgmspark.translate.spark.PairRows;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * {@code train --model pix2pix}: the pix2pix family on the training engine, on the pairs of a paired shard folder
 * ({@code synth --pairs}, then {@code shard}): each pair's {@code --source} image is the input, its
 * {@code --target} image the truth. {@code --resume} takes everything from the model folder's {@code model.json}.
 */
public final class Pix2PixTraining {
  private Pix2PixTraining() {}

  /** Trains as {@code options} say and returns the finished run. */
  public static TrainingLoop.Outcome<Pix2PixModel> run(SparkSession spark, Pix2PixOptions options) throws IOException {
    TrainOptions train = options.train();
    if (train.kind() != ModelKind.PIX2PIX) {
      throw new IllegalArgumentException("Pix2PixTraining trains pix2pix, not " + train.kind());
    }
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    TrainingData training = TrainingData.read(train.data(), conf);
    if (!training.index().paired()) {
      throw new UsageException("--data " + train.data() + " has no " + ShardSchema.PAIR_COLUMN + " column: pix2pix "
          + "trains on pairs; make them with 'dgm synth --pairs ATTR' and shard that folder");
    }
    Path out = Storage.qualify(train.out(), conf);
    TranslationFolder.Descriptor descriptor;
    Pix2PixModel start = null;
    if (train.resume()) {
      new Checkpoints(out, conf).resumeEpoch(train.out(), train.epochs());
      descriptor = TranslationFolder.readDescriptor(out, conf, Pix2PixConfig.MODEL);
    } else {
      ValuePair sides = ValuePair.resolve(spark, training, "--source", options.source(), "--target",
          options.target(), "a pair differs in one: e.g. --source glasses=no --target glasses=yes");
      Pix2PixConfig config = new Pix2PixConfig(training.index().size(), training.index().channels(),
          options.filters(), options.l1Weight(), train.learningRate(), options.beta1(), train.seed(),
          sides.attribute(), sides.first(), sides.second());
      descriptor = new TranslationFolder.Descriptor(config, training.indexSha256(), 0);
      start = Pix2PixModel.create(config);
    }
    Pix2PixConfig config = (Pix2PixConfig) descriptor.config();
    PairRows pairs = new PairRows(config.attribute(), config.source(), config.target());
    if (pairs.count(spark, training.index().shardPaths(training.folder())) == 0) {
      throw new UsageException("--data " + train.data() + " holds no pair with " + config.attribute() + "="
          + config.source() + " and " + config.attribute() + "=" + config.target());
    }
    return TrainingLoop.run(spark, training, new Pix2PixFamily(config), new Pix2PixHooks(descriptor,
        options.evalSamples()), train.loop(), start, options, null, pairs);
  }
}
