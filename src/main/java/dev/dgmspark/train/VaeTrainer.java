package dev.dgmspark.train;

import dev.dgmspark.common.UsageException;
import dev.dgmspark.io.Json;
import dev.dgmspark.io.PngWriter;
import dev.dgmspark.io.OutputFolder;
import dev.dgmspark.io.Storage;
import dev.dgmspark.model.ModelKind;
import dev.dgmspark.model.VaeConfig;
import dev.dgmspark.model.VaeNetwork;
import dev.dgmspark.model.VaeTerms;
import dev.dgmspark.report.ImageGrid;
import dev.dgmspark.shard.ShardIndex;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code train} job for autoencoders (ae, vae, betavae): exports the shards as minibatch files, trains with
 * parameter averaging across executors, and after every epoch evaluates, checkpoints and logs metrics.
 */
public final class VaeTrainer {
  private static final Logger LOG = LoggerFactory.getLogger(VaeTrainer.class);
  private static final int EVAL_EXAMPLES = 64;
  private static final int GRID_COLUMNS = 8;

  private VaeTrainer() {}

  /** Runs the job and returns what {@code summary.json} says. */
  public static Map<String, Object> run(SparkSession spark, TrainOptions options) throws IOException {
    Instant startedAt = Instant.now();
    long start = System.nanoTime();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    TrainingData training = TrainingData.read(options.data(), conf);
    Path data = training.folder();
    ShardIndex index = training.index();
    Path indexFile = training.indexFile();
    Path out = Storage.qualify(options.out(), conf);
    FileSystem fs = Storage.fs(out, conf);
    Checkpoints checkpoints = new Checkpoints(out, conf);

    VaeConfig config;
    ComputationGraph net;
    int firstEpoch;
    if (options.resume()) {
      int latest = checkpoints.resumeEpoch(options.out(), options.epochs());
      config = ModelFolder.readConfig(out, conf);
      if (config.kind() != options.kind()) {
        throw new UsageException("--resume: --out holds a " + config.kind() + " model, not " + options.kind());
      }
      firstEpoch = latest + 1;
      fs.delete(new Path(out, ModelFolder.SUMMARY), false); // no longer a finished run
      net = checkpoints.load(latest);
      LOG.info("train: resuming {} from {} (epoch {})", config.kind(), checkpoints.path(latest), latest);
    } else {
      OutputFolder.prepare(out, conf, options.overwrite(), ModelFolder.SUMMARY, Set.of(
          ModelFolder.DESCRIPTOR, ModelFolder.MODEL, ModelFolder.METRICS, ModelFolder.RECON, Checkpoints.FOLDER,
          ModelFolder.BATCHES));
      config = new VaeConfig(options.kind(), index.size(), index.channels(), options.latentDim(),
          options.kind() == ModelKind.AE ? 0.0 : options.beta(), options.learningRate(), options.seed());
      net = VaeNetwork.build(config);
      firstEpoch = 1;
    }
    String indexSha = training.indexSha256();
    Storage.writeAtomically(new Path(out, ModelFolder.DESCRIPTOR),
        Json.pretty(ModelFolder.descriptor(config, indexSha, firstEpoch - 1)), conf);

    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int workers = options.workers() > 0 ? options.workers() : spark.sparkContext().defaultParallelism();
    int perWorker = options.perWorkerBatch(workers);
    List<BatchExport.Batch> batches = BatchExport.export(spark, index.shardPaths(data), index.size(),
        index.channels(), new Path(out, ModelFolder.BATCHES), perWorker, options.seed());
    INDArray evalX = evaluationImages(batches, conf);
    LOG.info("train: {} ({} parameters, latent {}), {} images in {} minibatches of {}, {} workers, averaging every "
        + "{} minibatches", config.kind(), net.numParams(), config.latentDim(), index.rows(), batches.size(),
        perWorker, workers, options.averagingFrequency());

    DistributedTrainer trainer = new ParameterAveragingTrainer(jsc, net, new ImageBatchLoader(config.kind(),
        config.latentDim()), workers, perWorker, options.averagingFrequency(), options.seed());
    MetricsLog metrics = MetricsLog.open(out, conf, firstEpoch);
    long examplesTrained = 0;
    double trainSeconds = 0;
    VaeTerms terms = null;
    for (int epoch = firstEpoch; epoch <= options.epochs(); epoch++) {
      List<BatchExport.Batch> order = new ArrayList<>(batches);
      Collections.shuffle(order, new Random(options.seed() * 1_000_003L + epoch));
      if (options.maxBatches() > 0 && order.size() > options.maxBatches()) {
        order = order.subList(0, options.maxBatches());
      }
      long examples = order.stream().mapToLong(BatchExport.Batch::count).sum();
      List<String> paths = order.stream().map(BatchExport.Batch::path).toList();
      jsc.setJobGroup("dgm-train", String.format("train: epoch %d/%d, %,d examples", epoch, options.epochs(),
          examples), false);
      long epochStart = System.nanoTime();
      net = trainer.fitEpoch(jsc.parallelize(paths, Math.max(1, Math.min(paths.size(), workers))));
      double seconds = (System.nanoTime() - epochStart) / 1e9;
      jsc.clearJobGroup();
      examplesTrained += examples;
      trainSeconds += seconds;
      terms = VaeTerms.evaluate(net, evalX);
      double loss = terms.meanReconstruction() + config.beta() * terms.meanKl();
      if (!Double.isFinite(loss)) {
        throw new IllegalStateException("training diverged at epoch " + epoch + " (loss " + loss
            + "); try a smaller --lr");
      }
      // The checkpoint goes last: a run stopped between these writes resumes from the previous checkpoint, which
      // drops this epoch's metrics row and trains the epoch again, so no epoch is lost or counted twice.
      metrics.append(epoch, loss, terms.meanReconstruction(), terms.meanKl(), trainer.lastScore(), examples,
          seconds);
      Storage.writeAtomically(new Path(out, ModelFolder.DESCRIPTOR),
          Json.pretty(ModelFolder.descriptor(config, indexSha, epoch)), conf);
      checkpoints.write(net, epoch);
      LOG.info(String.format("train: epoch %d/%d loss %.2f (reconstruction %.2f, KL %.2f), %,d examples in %.1f s, "
          + "%.1f examples/s", epoch, options.epochs(), loss, terms.meanReconstruction(), terms.meanKl(), examples,
          seconds, examples / Math.max(seconds, 1e-9)));
    }

    Storage.writeAtomically(new Path(out, ModelFolder.RECON), PngWriter.bytes(reconstructionGrid(evalX, terms)),
        conf);
    Checkpoints.writeModel(net, new Path(out, ModelFolder.MODEL), conf);
    fs.delete(new Path(out, ModelFolder.BATCHES), true);

    double seconds = (System.nanoTime() - start) / 1e9;
    Map<String, Object> summary = TrainingSummary.start(config.kind().toString(), out, options.epochs(), firstEpoch,
        examplesTrained, trainSeconds, seconds);
    summary.put("final_loss", round(terms.meanReconstruction() + config.beta() * terms.meanKl()));
    summary.put("final_reconstruction", round(terms.meanReconstruction()));
    summary.put("final_kl", round(terms.meanKl()));
    summary.put("parameters", net.numParams());
    summary.put("workers", workers);
    summary.put("batch_size_per_worker", perWorker);
    TrainingSummary.finish(summary, config.asMap(), indexFile, indexSha, index.rows(), options.asMap(), startedAt, out,
        conf, LOG);
    return summary;
  }

  /** The first images of the first batch files: a fixed set to evaluate and picture after every epoch. */
  private static INDArray evaluationImages(List<BatchExport.Batch> batches, Configuration conf) throws IOException {
    List<INDArray> parts = new ArrayList<>();
    int have = 0;
    for (BatchExport.Batch batch : batches) {
      Path path = new Path(batch.path());
      try (InputStream in = Storage.fs(path, conf).open(path)) {
        INDArray x = ImagePixels.toInput(ImageBatchFile.read(in));
        parts.add(x);
        have += (int) x.size(0);
      }
      if (have >= EVAL_EXAMPLES) {
        break;
      }
    }
    INDArray all = org.nd4j.linalg.factory.Nd4j.concat(0, parts.toArray(new INDArray[0]));
    return all.get(NDArrayIndex.interval(0, Math.min(EVAL_EXAMPLES, have))).dup();
  }

  /** Inputs (top row) above their reconstructions (bottom row), two pairs of rows of eight. */
  private static BufferedImage reconstructionGrid(INDArray x, VaeTerms terms) {
    int n = (int) Math.min(2L * GRID_COLUMNS, x.size(0));
    INDArray reconstructed = terms.reconstructed().get(NDArrayIndex.interval(0, n)).reshape('c', n, x.size(1),
        x.size(2), x.size(3));
    List<List<BufferedImage>> rows = new ArrayList<>();
    for (int from = 0; from < n; from += GRID_COLUMNS) {
      List<BufferedImage> inputs = new ArrayList<>();
      List<BufferedImage> outputs = new ArrayList<>();
      for (int i = from; i < Math.min(n, from + GRID_COLUMNS); i++) {
        inputs.add(ImagePixels.toImage(x, i));
        outputs.add(ImagePixels.toImage(reconstructed, i));
      }
      rows.add(inputs);
      rows.add(outputs);
    }
    return ImageGrid.rows(rows, x.size(2) < 48 ? 3 : 2);
  }

  private static double round(double value) {
    return TrainingSummary.round(value);
  }
}
