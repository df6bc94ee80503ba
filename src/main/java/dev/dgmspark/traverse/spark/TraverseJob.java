package dev.dgmspark.traverse.spark;

import dev.dgmspark.common.Provenance;
import dev.dgmspark.common.UsageException;
import dev.dgmspark.encode.EncodeJob;
import dev.dgmspark.engine.ModelFolder;
import dev.dgmspark.io.Json;
import dev.dgmspark.io.OutputFolder;
import dev.dgmspark.io.PngWriter;
import dev.dgmspark.io.Storage;
import dev.dgmspark.minibatch.ImageBatchFile;
import dev.dgmspark.minibatch.ImagePixels;
import dev.dgmspark.shard.ShardIndex;
import dev.dgmspark.traverse.LatentTraversal;
import dev.dgmspark.traverse.TraversalReport;
import dev.dgmspark.traverse.TraversalSummary;
import dev.dgmspark.traverse.TraverseOptions;
import dev.dgmspark.vae.VaeConfig;
import dev.dgmspark.vae.VaeFolder;
import dev.dgmspark.vae.VaeNetwork;
import dev.dgmspark.vae.VaeTerms;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code traverse} job: a latent traversal grid of a trained autoencoder ({@link LatentTraversal}), around z = 0
 * or around the latent mean of one image of a shard folder; writes {@code grid.png}, {@code report.html} and
 * {@code summary.json}.
 *
 * <p>Spark only finds the image (a filtered scan of the shards that brings at most two rows to the driver); the
 * encoding of that one image and the decoding of the sweeps run on the driver.
 */
public final class TraverseJob {
  public static final String GRID = "grid.png";
  public static final String REPORT = "report.html";
  private static final Logger LOG = LoggerFactory.getLogger(TraverseJob.class);

  private TraverseJob() {}

  /** Runs the job and returns what {@code summary.json} says. */
  public static TraversalSummary run(SparkSession spark, TraverseOptions options) throws IOException {
    Instant startedAt = Instant.now();
    long start = System.nanoTime();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Path model = Storage.qualify(options.model(), conf);
    VaeConfig config;
    Row image = null;
    if (options.image() != null) {
      Path data = Storage.qualify(options.data(), conf);
      ShardIndex index = ShardIndex.readRequired(data, conf, "--data", options.data());
      config = EncodeJob.readModel(model, options.model(), index, conf);
      image = find(spark, data, index, options.image());
    } else {
      config = EncodeJob.readModel(model, options.model(), conf);
    }
    int[] dims = dimensions(options.dims(), config.latentDim());
    Path out = Storage.qualify(options.out(), conf);
    OutputFolder folder = OutputFolder.prepare(out, conf, options.overwrite(), ModelFolder.SUMMARY,
        Set.of(GRID, REPORT));

    ComputationGraph net = VaeFolder.loadNetwork(model, conf);
    float[] base = new float[config.latentDim()];
    byte[] imagePng = null;
    byte[] reconstructionPng = null;
    if (image != null) {
      imagePng = image.getAs(2);
      byte[] pixels = new byte[config.pixelsPerImage()];
      ImagePixels.decodeInto(imagePng, config.channels(), config.imageSize(), pixels, 0);
      INDArray x = ImagePixels.toInput(new ImageBatchFile(1, config.channels(), config.imageSize(),
          config.imageSize(), pixels));
      VaeTerms terms = VaeTerms.evaluate(net, x, VaeFolder.readLoss(model, conf));
      base = terms.mu().toFloatVector();
      reconstructionPng = PngWriter.bytes(ImagePixels.toImage(terms.reconstructed().reshape('c', x.shape()), 0));
    }
    LOG.info("traverse: {} dimension(s) of a {} with {} latent dimensions, {} steps across ±{}, around {}",
        dims.length, config.kind(), config.latentDim(), options.steps(), options.range(),
        image == null ? "z = 0" : "image " + image.getString(0));
    LatentTraversal.Result result = LatentTraversal.run(z -> VaeNetwork.decode(net, z), base, dims,
        options.steps(), options.range());
    byte[] grid = PngWriter.bytes(result.grid(config.imageSize() < 48 ? 2 : 1));
    Storage.writeAtomically(folder.resolve(GRID), grid, conf);

    List<TraversalSummary.Dimension> rows = new ArrayList<>();
    for (int r = 0; r < result.sweeps().size(); r++) {
      LatentTraversal.Sweep sweep = result.sweeps().get(r);
      rows.add(new TraversalSummary.Dimension(r + 1, sweep.dimension(), Math.round(sweep.change() * 1e6) / 1e6));
    }
    List<Double> baseLatent = new ArrayList<>();
    for (float v : base) {
      baseLatent.add((double) v);
    }
    List<Double> values = new ArrayList<>();
    for (double v : result.values()) {
      values.add(Math.round(v * 1e6) / 1e6);
    }
    TraversalSummary summary = new TraversalSummary(model.toString(), config.kind().toString(), config.latentDim(),
        image == null ? "zero" : "image", image == null ? null : image.getString(0),
        image == null ? null : image.getString(1), baseLatent, options.steps(), options.range(), values,
        result.order(), rows, folder.resolve(GRID).toString(), folder.resolve(REPORT).toString(),
        Math.round((System.nanoTime() - start) / 1e6) / 1000.0, Provenance.of("traverse", options, startedAt));
    Storage.writeAtomically(folder.resolve(REPORT),
        TraversalReport.html(summary, grid, imagePng, reconstructionPng).getBytes(StandardCharsets.UTF_8), conf);
    Storage.writeAtomically(folder.resolve(ModelFolder.SUMMARY), Json.pretty(summary), conf);
    LOG.info("traverse: rows in order of change: dimensions {} -> {}", result.order(), folder.resolve(GRID));
    return summary;
  }

  /** The dimensions to sweep: all when none are named; each named one must exist in the model. */
  static int[] dimensions(List<Integer> named, int latentDim) {
    if (named.isEmpty()) {
      int[] all = new int[latentDim];
      for (int d = 0; d < latentDim; d++) {
        all[d] = d;
      }
      return all;
    }
    int[] dims = new int[named.size()];
    for (int i = 0; i < dims.length; i++) {
      int d = named.get(i);
      if (d < 0 || d >= latentDim) {
        throw new UsageException("--dims " + d + " is not a latent dimension of the model; allowed: 0 to "
            + (latentDim - 1));
      }
      if (named.subList(0, i).contains(d)) {
        throw new UsageException("--dims names dimension " + d + " twice");
      }
      dims[i] = d;
    }
    return dims;
  }

  /**
   * The row ({@code id}, {@code path}, PNG bytes) of the image named {@code given}: by its id, its source path, or
   * the end of its path after a {@code /} (a file name such as {@code img-000123.png}).
   */
  static Row find(SparkSession spark, Path data, ShardIndex index, String given) {
    spark.sparkContext().setJobDescription("traverse: find image " + given);
    List<Row> rows = spark.read().parquet(index.shardPaths(data))
        .filter(functions.col("id").equalTo(given).or(functions.col("path").equalTo(given))
            .or(functions.col("path").endsWith("/" + given)))
        .select(functions.col("id"), functions.col("path"), functions.col("image.bytes"))
        .orderBy("id").limit(2).collectAsList();
    spark.sparkContext().setJobDescription(null);
    if (rows.isEmpty()) {
      throw new UsageException("--image " + given + " is neither the id nor the file name of an image in --data "
          + data);
    }
    if (rows.size() > 1) {
      throw new UsageException("--image " + given + " names more than one image in --data (ids " + rows.get(0)
          .getString(0) + ", " + rows.get(1).getString(0) + ", ...); give an id");
    }
    return rows.get(0);
  }
}
