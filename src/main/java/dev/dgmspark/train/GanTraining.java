package dev.dgmspark.train;

import dev.dgmspark.common.ModelKind;
import dev.dgmspark.common.NamePrefixes;
import dev.dgmspark.common.UsageException;
import dev.dgmspark.engine.AttributeValues;
import dev.dgmspark.engine.Checkpoints;
import dev.dgmspark.engine.spark.AttributeCounts;
import dev.dgmspark.engine.spark.TrainingData;
import dev.dgmspark.engine.spark.TrainingLoop;
import dev.dgmspark.gan.ConditionMode;
import dev.dgmspark.gan.GanConfig;
import dev.dgmspark.gan.GanFamily;
import dev.dgmspark.gan.GanFolder;
import dev.dgmspark.gan.GanHooks;
import dev.dgmspark.gan.GanModel;
import dev.dgmspark.io.Storage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * {@code train --model gan|cgan}: the GAN family on the training engine. A new run counts the shards' attribute
 * values (exported beside the minibatches: the cgan's conditions and the quality figures read them) and builds the
 * networks; {@code --resume} takes everything from the model folder's {@code model.json}.
 */
public final class GanTraining {
  private GanTraining() {}

  /** Trains as {@code gan} says and returns the finished run. */
  public static TrainingLoop.Outcome<GanModel> run(SparkSession spark, GanOptions gan) throws IOException {
    TrainOptions options = gan.train();
    if (!options.kind().adversarial()) {
      throw new IllegalArgumentException("GanTraining trains gan and cgan, not " + options.kind());
    }
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    TrainingData training = TrainingData.read(options.data(), conf);
    Path out = Storage.qualify(options.out(), conf);
    GanFolder.Descriptor descriptor;
    GanModel start = null;
    if (options.resume()) {
      new Checkpoints(out, conf).resumeEpoch(options.out(), options.epochs());
      descriptor = GanFolder.readDescriptor(out, conf);
      if (descriptor.config().conditional() != (options.kind() == ModelKind.CGAN)) {
        throw new UsageException("--resume: --out holds a " + (descriptor.config().conditional() ? "cgan" : "gan")
            + " model, not " + options.kind());
      }
      int decayEpochs = descriptor.config().lrDecayEpochs();
      if (decayEpochs > 0 && options.epochs() > decayEpochs) {
        throw new UsageException("--resume: the model's learning rates fall to zero after epoch " + decayEpochs
            + " (it was trained with --lr-decay linear); --epochs must be at most " + decayEpochs);
      }
    } else {
      List<String> conditions = resolveConditions(options.kind(), gan.condition(), training.index().attributes());
      AttributeValues values = AttributeCounts.count(spark, training.index(), training.folder(), conditions,
          "--condition");
      List<List<String>> conditionValues = new ArrayList<>();
      conditions.forEach(c -> conditionValues.add(values.valuesOf(c)));
      GanConfig config = new GanConfig(options.kind() == ModelKind.CGAN, training.index().size(),
          training.index().channels(), options.latentDim(), gan.filters(), conditions, conditionValues,
          options.learningRate(), gan.beta1(), gan.labelSmoothing(), gan.dSteps(), options.seed(),
          options.kind() == ModelKind.CGAN ? gan.conditionMode() : ConditionMode.INPUT, gan.augment(), gan.ema(),
          gan.r1(), gan.refineLayers(), gan.minibatchStd(), gan.lrDecay() ? options.epochs() : 0);
      descriptor = new GanFolder.Descriptor(config, values.attributes(), values.values(), values.shares(),
          training.indexSha256(), 0);
      start = GanModel.create(config);
    }
    GanConfig config = descriptor.config();
    List<Integer> conditionColumns = config.conditions().stream().map(descriptor.attributes()::indexOf).toList();
    GanFamily family = new GanFamily(config, conditionColumns);
    GanHooks hooks = new GanHooks(descriptor, gan.evalSamples(), options.seed());
    return TrainingLoop.run(spark, training, family, hooks, options.loop(), start, gan);
  }

  /** The condition columns: each given name must be a column or the unique start of one ({@code hair}). */
  static List<String> resolveConditions(ModelKind kind, List<String> given, List<String> columns) {
    if (kind == ModelKind.GAN) {
      if (!given.isEmpty()) {
        throw new UsageException("--condition is for --model cgan; gan is unconditional");
      }
      return List.of();
    }
    if (given.isEmpty()) {
      throw new UsageException("--model cgan needs --condition ATTR[,ATTR...]; the shards' attribute columns: "
          + (columns.isEmpty() ? "none" : String.join(", ", columns)));
    }
    List<String> resolved = new ArrayList<>();
    for (String name : given) {
      List<String> matches = NamePrefixes.matches(name, columns);
      if (matches.size() != 1) {
        throw new UsageException("--condition " + name + (matches.isEmpty() ? " is not" : " names more than one of")
            + " the shards' attribute columns; allowed: " + String.join(", ", columns));
      }
      if (resolved.contains(matches.get(0))) {
        throw new UsageException("--condition names " + matches.get(0) + " twice");
      }
      resolved.add(matches.get(0));
    }
    return resolved;
  }
}
