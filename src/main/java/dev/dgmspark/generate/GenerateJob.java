package dev.dgmspark.generate;

import dev.dgmspark.engine.NoiseStream;
import dev.dgmspark.common.Provenance;
import com.univocity.parsers.csv.CsvWriter;
import dev.dgmspark.io.Csv;
import dev.dgmspark.io.Json;
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
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
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
 * <p>The images are drawn on the driver in batches: generating is a forward pass per image, far cheaper than the
 * writing, which the shard step then spreads over the executors.
 */
public final class GenerateJob {
  private static final Logger LOG = LoggerFactory.getLogger(GenerateJob.class);
  public static final String IMAGES = "images";
  public static final String SHARDS = "shards";
  public static final String GRID = "grid.png";
  private static final int BATCH = 256;
  private static final int GRID_SIDE = 8;

  private GenerateJob() {}

  /** Runs the job and returns what {@code summary.json} says. */
  public static GenerateSummary run(SparkSession spark, GenerateOptions options) throws IOException {
    Instant startedAt = Instant.now();
    long start = System.nanoTime();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Path modelFolder = Storage.qualify(options.model(), conf);
    ImageSampler sampler = ModelSamplers.open(modelFolder, conf, options.condition(), "--model");
    Path out = Storage.qualify(options.out(), conf);
    OutputFolder.prepare(out, conf, options.overwrite(), ModelFolder.SUMMARY,
        Set.of(IMAGES, SHARDS, GRID));
    FileSystem fs = Storage.fs(out, conf);
    Path images = new Path(out, IMAGES);
    fs.mkdirs(images);

    NoiseStream noise = new NoiseStream(NoiseStream.seedFor(options.seed(), -3, -3));
    // attributes.csv rows (cgan): the file and the condition values each image was generated with.
    List<String[]> attributes = new ArrayList<>();
    List<BufferedImage> gridCells = new ArrayList<>();
    try (PngWriter png = new PngWriter(PngWriter.DEFAULT)) {
      for (int from = 0; from < options.count(); from += BATCH) {
        int n = Math.min(BATCH, options.count() - from);
        ImageSampler.Drawn drawn = sampler.draw(n, noise);
        for (int i = 0; i < n; i++) {
          BufferedImage image = ImagePixels.toImage(drawn.images(), i);
          String name = String.format("sample-%06d.png", from + i);
          try (OutputStream stream = fs.create(new Path(images, name), true)) {
            stream.write(png.encode(image));
          }
          if (drawn.conditions() != null) {
            List<String> row = new ArrayList<>();
            row.add(name);
            row.addAll(drawn.conditions().get(i));
            attributes.add(row.toArray(new String[0]));
          }
          if (gridCells.size() < GRID_SIDE * GRID_SIDE) {
            gridCells.add(image);
          }
        }
      }
    }
    if (!sampler.conditionAttributes().isEmpty()) {
      Storage.writeAtomically(new Path(images, ShardJob.DEFAULT_ATTRIBUTES), conf, stream -> {
        CsvWriter csv = Csv.writer(stream);
        List<String> header = new ArrayList<>();
        header.add("file");
        header.addAll(sampler.conditionAttributes());
        csv.writeRow(header);
        attributes.forEach(row -> csv.writeRow((Object[]) row));
        csv.flush();
      });
    }
    List<List<BufferedImage>> rows = new ArrayList<>();
    for (int r = 0; r * GRID_SIDE < gridCells.size(); r++) {
      rows.add(gridCells.subList(r * GRID_SIDE, Math.min(gridCells.size(), (r + 1) * GRID_SIDE)));
    }
    Storage.writeAtomically(new Path(out, GRID), PngWriter.bytes(ImageGrid.rows(rows,
        sampler.size() < 48 ? 2 : 1)), conf);
    LOG.info("generate: {} images written to {}; sharding them", options.count(), images);
    ShardSummary shard = ShardJob.run(spark, ShardOptions.of(images.toString(),
        new Path(out, SHARDS).toString()).withSize(sampler.size()).withChannels(sampler.channels()));

    double seconds = (System.nanoTime() - start) / 1e9;
    GenerateSummary summary = new GenerateSummary(modelFolder.toString(), sampler.kind(), options.count(),
        sampler.fixedCondition(), images.toString(), new Path(out, SHARDS).toString(), shard.accepted(),
        new Path(out, GRID).toString(), Math.round(seconds * 1000) / 1000.0,
        Provenance.of("generate", options, startedAt));
    Storage.writeAtomically(new Path(out, ModelFolder.SUMMARY), Json.pretty(summary), conf);
    return summary;
  }
}
