package dev.dgmspark.generate;

import dev.dgmspark.engine.NoiseStream;
import dev.dgmspark.common.Provenance;
import com.univocity.parsers.csv.CsvWriter;
import dev.dgmspark.io.Csv;
import dev.dgmspark.io.Json;
import dev.dgmspark.io.SerializableConfiguration;
import dev.dgmspark.spark.JobProgress;
import dev.dgmspark.io.OutputFolder;
import dev.dgmspark.io.PngWriter;
import dev.dgmspark.io.Storage;
import dev.dgmspark.report.ImageGrid;
import dev.dgmspark.sample.ImageSampler;
import dev.dgmspark.sample.ModelSamplers;
import dev.dgmspark.shard.ShardJob;
import dev.dgmspark.shard.ShardOptions;
import dev.dgmspark.shard.ShardSummary;
import dev.dgmspark.minibatch.ImagePixels;
import dev.dgmspark.engine.ModelFolder;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code generate} job: draws images from a trained GAN (noise, plus for cgan the requested condition) or VAE
 * (z ~ N(0, I) through the decoder), and writes them as PNGs ({@code images/}, with {@code attributes.csv} for
 * cgan: the condition each image was generated with), as shards of those PNGs ({@code shards/}, through the shard
 * job, so later jobs read them like any dataset), a grid of the first 64 ({@code grid.png}) and
 * {@code summary.json}.
 *
 * <p>The images are drawn in the executors in batches of {@value #BATCH}, each with its own seeded noise, and
 * written there: a diffusion model's image costs 50 or more network passes, so a large {@code --count} must scale
 * out; the shard step then reads them like any dataset.
 */
public final class GenerateJob {
  private static final Logger LOG = LoggerFactory.getLogger(GenerateJob.class);
  public static final String IMAGES = "images";
  public static final String SHARDS = "shards";
  public static final String GRID = "grid.png";
  private static final int BATCH = 256;
  private static final int GRID_SIDE = 8;
  /** Tasks per task slot: enough to balance the load, few enough that opening the model stays cheap. */
  private static final int TASKS_PER_SLOT = 4;

  private GenerateJob() {}

  /** Runs the job and returns what {@code summary.json} says. */
  public static GenerateSummary run(SparkSession spark, GenerateOptions options) throws IOException {
    Instant startedAt = Instant.now();
    long start = System.nanoTime();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Path modelFolder = Storage.qualify(options.model(), conf);
    // Opened here to check the request before any work; the executors open their own.
    ImageSampler sampler = ModelSamplers.open(modelFolder, conf, options.condition(), options.sampling(), "--model");
    Path out = Storage.qualify(options.out(), conf);
    OutputFolder.prepare(out, conf, options.overwrite(), ModelFolder.SUMMARY,
        Set.of(IMAGES, SHARDS, GRID));
    FileSystem fs = Storage.fs(out, conf);
    Path images = new Path(out, IMAGES);
    fs.mkdirs(images);

    List<Drawn> drawn = draw(spark, modelFolder, images, options);
    if (!sampler.conditionAttributes().isEmpty()) {
      Storage.writeAtomically(new Path(images, ShardJob.DEFAULT_ATTRIBUTES), conf, stream -> {
        CsvWriter csv = Csv.writer(stream);
        List<String> header = new ArrayList<>();
        header.add("file");
        header.addAll(sampler.conditionAttributes());
        csv.writeRow(header);
        drawn.forEach(batch -> batch.attributes().forEach(row -> csv.writeRow((Object[]) row)));
        csv.flush();
      });
    }
    Storage.writeAtomically(new Path(out, GRID), drawn.get(0).grid(), conf);
    LOG.info("generate: {} images written to {}; sharding them", options.count(), images);
    ShardSummary shard = ShardJob.run(spark, ShardOptions.of(images.toString(),
        new Path(out, SHARDS).toString()).withSize(sampler.size()).withChannels(sampler.channels()));

    double seconds = (System.nanoTime() - start) / 1e9;
    GenerateSummary summary = new GenerateSummary(modelFolder.toString(), sampler.kind(), options.count(),
        sampler.fixedCondition(), sampler.steps(), images.toString(), new Path(out, SHARDS).toString(),
        shard.accepted(), new Path(out, GRID).toString(), Math.round(seconds * 1000) / 1000.0,
        Provenance.of("generate", options, startedAt));
    Storage.writeAtomically(new Path(out, ModelFolder.SUMMARY), Json.pretty(summary), conf);
    return summary;
  }

  /**
   * One batch's outcome: its images' condition rows for {@code attributes.csv} (cgan) and, for the first batch, the
   * grid of its first images as PNG bytes.
   */
  record Drawn(int batch, List<String[]> attributes, byte[] grid) implements Serializable {}

  /**
   * Draws the images in the executors: batch b (of {@value #BATCH} images) with noise seeded by (seed, b), so the
   * images do not depend on how the batches are spread; each task opens the model once and writes its PNGs
   * straight into {@code images}.
   */
  private static List<Drawn> draw(SparkSession spark, Path modelFolder, Path images, GenerateOptions options) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int batches = (options.count() + BATCH - 1) / BATCH;
    int partitions = Math.max(1, Math.min(batches, jsc.defaultParallelism() * TASKS_PER_SLOT));
    Broadcast<SerializableConfiguration> hadoop = jsc.broadcast(new SerializableConfiguration(
        spark.sparkContext().hadoopConfiguration()));
    String model = modelFolder.toString();
    String folder = images.toString();
    // Images per task, for the progress: parallelize gives slice i the elements [i·n/p, (i+1)·n/p).
    long[] perTask = new long[partitions];
    for (int slice = 0; slice < partitions; slice++) {
      int from = (int) ((long) slice * batches / partitions);
      int to = (int) ((long) (slice + 1) * batches / partitions);
      for (int b = from; b < to; b++) {
        perTask[slice] += Math.min(BATCH, options.count() - (long) b * BATCH);
      }
    }
    List<Integer> ids = new ArrayList<>();
    for (int b = 0; b < batches; b++) {
      ids.add(b);
    }
    jsc.setJobGroup("dgm-generate", String.format("generate: %,d images in %d batches, %d tasks", options.count(),
        batches, partitions), false);
    try (JobProgress progress = JobProgress.start(spark, "generate", perTask, "images")) {
      List<Drawn> drawn = new ArrayList<>(jsc.parallelize(ids, partitions).mapPartitions(batch -> {
        Configuration conf = hadoop.value().get();
        ImageSampler sampler = ModelSamplers.open(new Path(model), conf, options.condition(), options.sampling(),
            "--model");
        List<Drawn> done = new ArrayList<>();
        while (batch.hasNext()) {
          done.add(drawBatch(sampler, batch.next(), options, new Path(folder), conf));
        }
        return done.iterator();
      }).collect());
      drawn.sort(java.util.Comparator.comparingInt(Drawn::batch));
      return drawn;
    } finally {
      jsc.clearJobGroup();
      hadoop.destroy();
    }
  }

  private static Drawn drawBatch(ImageSampler sampler, int batch, GenerateOptions options, Path images,
      Configuration conf) throws IOException {
    int from = batch * BATCH;
    int n = Math.min(BATCH, options.count() - from);
    ImageSampler.Drawn drawn = sampler.draw(n, new NoiseStream(NoiseStream.seedFor(options.seed(), -3, batch)));
    FileSystem fs = Storage.fs(images, conf);
    List<String[]> attributes = new ArrayList<>();
    try (PngWriter png = new PngWriter(PngWriter.DEFAULT)) {
      for (int i = 0; i < n; i++) {
        String name = String.format("sample-%06d.png", from + i);
        try (OutputStream stream = fs.create(new Path(images, name), true)) {
          stream.write(png.encode(ImagePixels.toImage(drawn.images(), i)));
        }
        if (drawn.conditions() != null) {
          List<String> row = new ArrayList<>();
          row.add(name);
          row.addAll(drawn.conditions().get(i));
          attributes.add(row.toArray(new String[0]));
        }
      }
    }
    byte[] grid = batch == 0 ? PngWriter.bytes(ImageGrid.of(drawn.images(), GRID_SIDE, GRID_SIDE * GRID_SIDE,
        sampler.size() < 48 ? 2 : 1)) : null;
    return new Drawn(batch, attributes, grid);
  }
}
