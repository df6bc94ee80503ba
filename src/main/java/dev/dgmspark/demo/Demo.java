package dev.dgmspark.demo;

import dev.dgmspark.debias.DebiasSummary;
import dev.dgmspark.debias.spark.DebiasJob;
import dev.dgmspark.debias.spark.DebiasOptions;
import dev.dgmspark.io.Storage;
import dev.dgmspark.common.ModelKind;
import dev.dgmspark.shard.ShardJob;
import dev.dgmspark.shard.ShardOptions;
import dev.dgmspark.synth.TargetShares;
import dev.dgmspark.synth.SynthGenerator;
import dev.dgmspark.synth.SynthRequest;
import dev.dgmspark.train.TrainOptions;
import dev.dgmspark.train.VaeTraining;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main job on one machine, end to end: synthetic faces with one attribute value rare, shards, a VAE, and the
 * debiased manifest, with the rare value's share before and after.
 */
public final class Demo {
  private static final Logger LOG = LoggerFactory.getLogger(Demo.class);

  private Demo() {}

  /**
   * The outcome: where everything is and the rare value's shares.
   *
   * @param out the folder of every stage's output
   * @param attribute the attribute made rare
   * @param value its rare value
   * @param shareBefore the value's share of the input
   * @param shareAfter its share of the debiased manifest
   * @param seconds wall-clock time of the demo
   * @param debiasSummary the debias stage's summary
   */
  public record Result(String out, String attribute, String value, double shareBefore, double shareAfter,
      double seconds, DebiasSummary debiasSummary) {}

  /** Runs every stage; each stage's folder under {@code out} is replaced if it holds an earlier demo's output. */
  public static Result run(SparkSession spark, DemoOptions options) throws IOException {
    long start = System.nanoTime();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Path out = Storage.qualify(options.out(), conf);
    String faces = new Path(out, "faces").toString();
    String shards = new Path(out, "shards").toString();
    String model = new Path(out, "model").toString();
    String debias = new Path(out, "debias").toString();
    String attribute = options.rare().substring(0, options.rare().indexOf('='));
    String value = options.rare().substring(options.rare().indexOf('=') + 1, options.rare().indexOf(':'));

    LOG.info("demo: 1/4 synth {} pictures of {}x{}, {} -> {}", options.count(), options.size(), options.size(),
        options.rare(), faces);
    new SynthGenerator().generate(SynthRequest.of(Storage.qualify(faces, conf), options.count()).withConf(conf)
        .withSeed(options.seed()).withSize(options.size()).withShares(TargetShares.defaults().withSpec(options.rare()))
        .withOverwrite(true));
    LOG.info("demo: 2/4 shard -> {}", shards);
    ShardJob.run(spark, ShardOptions.of(faces, shards).withSize(options.size()).withOverwrite(true));
    LOG.info("demo: 3/4 train a VAE ({} epochs) -> {}", options.epochs(), model);
    TrainOptions train = TrainOptions.of(ModelKind.VAE, shards, model).withEpochs(options.epochs())
        .withOverwrite(true);
    if (options.latentDim() > 0) {
      train = train.withLatentDim(options.latentDim());
    }
    VaeTraining.run(spark, train);
    LOG.info("demo: 4/4 debias -> {}", debias);
    DebiasSummary summary = DebiasJob.run(spark, DebiasOptions.of(shards, debias).withModel(model)
        .withSeed(options.seed()).withOverwrite(true));
    DebiasSummary.ValueShare rare = summary.share(attribute, value);
    double before = rare == null ? 0.0 : rare.before();
    double after = rare == null ? 0.0 : rare.after();
    return new Result(out.toString(), attribute, value, before, after, (System.nanoTime() - start) / 1e9, summary);
  }
}
