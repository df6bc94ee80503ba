package dev.dgmspark.train;

import dev.dgmspark.common.ModelKind;
import dev.dgmspark.common.UsageException;
import dev.dgmspark.engine.AttributeValues;
import dev.dgmspark.engine.Checkpoints;
import dev.dgmspark.engine.spark.TrainingData;
import dev.dgmspark.engine.spark.TrainingLoop;
import dev.dgmspark.io.Storage;
import dev.dgmspark.translate.CycleGanConfig;
import dev.dgmspark.translate.CycleGanFamily;
import dev.dgmspark.translate.CycleGanHooks;
import dev.dgmspark.translate.CycleGanModel;
import dev.dgmspark.translate.TranslationFolder;
import dev.dgmspark.translate.spark.DomainRows;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * {@code train --model cyclegan}: the CycleGAN family on the training engine, on any shard folder with an attribute
 * column: the rows with {@code --domain-a}'s value are domain A, those with {@code --domain-b}'s domain B, unpaired
 * ({@link DomainRows}). {@code --resume} takes everything from the model folder's {@code model.json}.
 */
public final class CycleGanTraining {
  private CycleGanTraining() {}

  /** Trains as {@code options} say and returns the finished run. */
  public static TrainingLoop.Outcome<CycleGanModel> run(SparkSession spark, CycleGanOptions options)
      throws IOException {
    TrainOptions train = options.train();
    if (train.kind() != ModelKind.CYCLEGAN) {
      throw new IllegalArgumentException("CycleGanTraining trains cyclegan, not " + train.kind());
    }
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    TrainingData training = TrainingData.read(train.data(), conf);
    Path out = Storage.qualify(train.out(), conf);
    TranslationFolder.Descriptor descriptor;
    CycleGanModel start = null;
    if (train.resume()) {
      new Checkpoints(out, conf).resumeEpoch(train.out(), train.epochs());
      descriptor = TranslationFolder.readDescriptor(out, conf, CycleGanConfig.MODEL);
    } else {
      ValuePair domains = ValuePair.resolve(spark, training, "--domain-a", options.domainA(), "--domain-b",
          options.domainB(), "the domains are two values of one: e.g. --domain-a skin_tone=light --domain-b "
          + "skin_tone=dark");
      AttributeValues values = domains.values();
      // The translated attribute first: the classifier's first head gives the verdict.
      Map<String, List<String>> attributeValues = new LinkedHashMap<>();
      attributeValues.put(domains.attribute(), values.valuesOf(domains.attribute()));
      for (String attribute : values.attributes()) {
        attributeValues.putIfAbsent(attribute, values.valuesOf(attribute));
      }
      CycleGanConfig config = new CycleGanConfig(training.index().size(), training.index().channels(),
          options.filters(), options.cycleWeight(), options.identityWeight(), train.learningRate(), options.beta1(),
          train.seed(), domains.attribute(), domains.first(), domains.second(), attributeValues, options.augment(),
          options.ema(), options.keepWeight());
      if (config.keepWeight() > 0 && attributeValues.size() < 2) {
        throw new UsageException("--keep-weight " + config.keepWeight() + " keeps the attributes besides "
            + domains.attribute() + ", and the shards of --data " + train.data() + " have no other categorical "
            + "attribute column: use --keep-weight 0");
      }
      descriptor = new TranslationFolder.Descriptor(config, training.indexSha256(), 0);
      start = CycleGanModel.create(config);
    }
    CycleGanConfig config = (CycleGanConfig) descriptor.config();
    DomainRows rows = new DomainRows(config.attribute(), config.domainA(), config.domainB(), config.attributes());
    long[] counts = rows.count(spark, training.index().shardPaths(training.folder()));
    if (counts[0] == 0 || counts[1] == 0) {
      throw new UsageException("--data " + train.data() + " holds no image with " + config.attribute() + "="
          + (counts[0] == 0 ? config.domainA() : config.domainB()) + "; CycleGAN needs images of both domains");
    }
    return TrainingLoop.run(spark, training, new CycleGanFamily(config), new CycleGanHooks(descriptor,
        options.evalSamples(), start), train.loop(), start, options, null, rows);
  }
}
