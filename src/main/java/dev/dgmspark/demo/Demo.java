package dev.dgmspark.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dgmspark.audit.AuditOptions;
import dev.dgmspark.audit.AuditStage;
import dev.dgmspark.audit.spark.AuditJob;
import dev.dgmspark.io.Json;
import dev.dgmspark.io.Storage;
import dev.dgmspark.synth.SynthGenerator;
import dev.dgmspark.synth.SynthRequest;
import dev.dgmspark.synth.TargetShares;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main job on one machine, end to end: synthetic faces with one attribute value rare, then {@code audit} on them
 * (shards, a VAE, the debiased manifest, outliers, the report), with the rare value's share before and after.
 */
public final class Demo {
  private static final Logger LOG = LoggerFactory.getLogger(Demo.class);
  /** The folder of the synthetic faces under the demo's output. */
  public static final String FACES = "faces";

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
   * @param audit what the audit of the faces did, and where its report is
   */
  public record Result(String out, String attribute, String value, double shareBefore, double shareAfter,
      double seconds, AuditJob.Result audit) {}

  /** Runs every stage; each stage's folder under {@code out} is replaced if it holds an earlier demo's output. */
  public static Result run(SparkSession spark, DemoOptions options) throws IOException {
    long start = System.nanoTime();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Path out = Storage.qualify(options.out(), conf);
    String faces = new Path(out, FACES).toString();
    String attribute = options.rare().substring(0, options.rare().indexOf('='));
    String value = options.rare().substring(options.rare().indexOf('=') + 1, options.rare().indexOf(':'));

    LOG.info("demo: synth {} pictures of {}x{}, {} -> {}", options.count(), options.size(), options.size(),
        options.rare(), faces);
    new SynthGenerator().generate(SynthRequest.of(Storage.qualify(faces, conf), options.count()).withConf(conf)
        .withSeed(options.seed()).withSize(options.size()).withShares(TargetShares.defaults().withSpec(options.rare()))
        .withOverwrite(true));
    AuditOptions audit = AuditOptions.of(faces, out.toString()).withSize(options.size())
        .withEpochs(options.epochs()).withSeed(options.seed()).withOverwrite(true);
    if (options.latentDim() > 0) {
      audit = audit.withLatentDim(options.latentDim());
    }
    AuditJob.Result result = AuditJob.run(spark, audit);
    JsonNode share = Json.MAPPER.readTree(Storage.readAll(new Path(new Path(out, AuditStage.DEBIAS.folder()),
        AuditStage.MARKER), conf)).path("attribute_shares").path(attribute).path(value);
    return new Result(out.toString(), attribute, value, share.path("before").asDouble(0),
        share.path("after").asDouble(0), (System.nanoTime() - start) / 1e9, result);
  }
}
