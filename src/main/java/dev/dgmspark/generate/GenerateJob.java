package dev.dgmspark.generate;

import dev.dgmspark.engine.NoiseStream;
import dev.dgmspark.common.Provenance;
import dev.dgmspark.common.NamePrefixes;
import dev.dgmspark.common.UsageException;
import dev.dgmspark.gan.GanConfig;
import dev.dgmspark.gan.GanFolder;
import dev.dgmspark.gan.GanModel;
import dev.dgmspark.gan.GanSampler;
import com.univocity.parsers.csv.CsvWriter;
import dev.dgmspark.io.Csv;
import dev.dgmspark.io.Json;
import dev.dgmspark.io.OutputFolder;
import dev.dgmspark.io.PngWriter;
import dev.dgmspark.io.Storage;
import dev.dgmspark.vae.VaeConfig;
import dev.dgmspark.vae.VaeNetwork;
import dev.dgmspark.report.ImageGrid;
import dev.dgmspark.shard.ShardJob;
import dev.dgmspark.shard.ShardOptions;
import dev.dgmspark.shard.ShardSummary;
import dev.dgmspark.minibatch.ImagePixels;
import dev.dgmspark.engine.ModelFolder;
import dev.dgmspark.vae.VaeFolder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
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
    if (!Storage.fs(modelFolder, conf).exists(new Path(modelFolder, ModelFolder.DESCRIPTOR))) {
      throw new UsageException("--model " + options.model() + " has no " + ModelFolder.DESCRIPTOR
          + "; give a folder written by 'dgm train'");
    }
    Sampler sampler = GanFolder.isGan(modelFolder, conf) ? ganSampler(modelFolder, options, conf)
        : vaeSampler(modelFolder, options, conf);
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
        Drawn drawn = sampler.draw(n, noise);
        for (int i = 0; i < n; i++) {
          BufferedImage image = ImagePixels.toImage(drawn.images(), i);
          String name = String.format("sample-%06d.png", from + i);
          try (OutputStream stream = fs.create(new Path(images, name), true)) {
            stream.write(png.encode(image));
          }
          if (drawn.values() != null) {
            List<String> row = new ArrayList<>();
            row.add(name);
            row.addAll(drawn.values().get(i));
            attributes.add(row.toArray(new String[0]));
          }
          if (gridCells.size() < GRID_SIDE * GRID_SIDE) {
            gridCells.add(image);
          }
        }
      }
    }
    if (!sampler.attributes().isEmpty()) {
      Storage.writeAtomically(new Path(images, ShardJob.DEFAULT_ATTRIBUTES), conf, stream -> {
        CsvWriter csv = Csv.writer(stream);
        List<String> header = new ArrayList<>();
        header.add("file");
        header.addAll(sampler.attributes());
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
        sampler.condition(), images.toString(), new Path(out, SHARDS).toString(), shard.accepted(),
        new Path(out, GRID).toString(), Math.round(seconds * 1000) / 1000.0,
        Provenance.of("generate", options, startedAt));
    Storage.writeAtomically(new Path(out, ModelFolder.SUMMARY), Json.pretty(summary), conf);
    return summary;
  }

  /** A batch of drawn images and, for cgan, each image's condition values. */
  record Drawn(INDArray images, List<List<String>> values) {}

  /** Draws images from one kind of model, and what the output needs to know about that model. */
  record Sampler(String kind, int size, int channels, List<String> attributes, Map<String, String> condition,
      java.util.function.BiFunction<Integer, NoiseStream, Drawn> drawer) {
    Drawn draw(int n, NoiseStream noise) {
      return drawer.apply(n, noise);
    }
  }

  private static Sampler ganSampler(Path folder, GenerateOptions options, Configuration conf) throws IOException {
    GanFolder.Descriptor descriptor = GanFolder.readDescriptor(folder, conf);
    GanConfig config = descriptor.config();
    GanModel model = GanFolder.read(config, new Path(folder, ModelFolder.MODEL), conf);
    Map<Integer, Integer> fixed = resolveCondition(config, options.condition());
    List<List<Double>> shares = descriptor.conditionShares();
    Map<String, String> requested = new LinkedHashMap<>();
    fixed.forEach((c, v) -> requested.put(config.conditions().get(c), config.conditionValues().get(c).get(v)));
    return new Sampler(config.conditional() ? "cgan" : "gan", config.imageSize(), config.channels(),
        config.conditions(), requested, (n, noise) -> {
          INDArray z = noise.gaussian(n, config.noiseDim());
          if (!config.conditional()) {
            return new Drawn(GanSampler.images(model, z, null), null);
          }
          int[][] codes = new int[n][config.conditions().size()];
          INDArray condition = GanSampler.conditions(config, shares, n, -1, -1, noise, codes);
          // Requested values replace the drawn ones.
          for (int i = 0; i < n; i++) {
            int offset = 0;
            for (int c = 0; c < config.conditions().size(); c++) {
              Integer want = fixed.get(c);
              if (want != null) {
                condition.putScalar(i, offset + codes[i][c], 0f);
                condition.putScalar(i, offset + want, 1f);
                codes[i][c] = want;
              }
              offset += config.conditionValues().get(c).size();
            }
          }
          List<List<String>> values = new ArrayList<>();
          for (int[] row : codes) {
            List<String> v = new ArrayList<>();
            for (int c = 0; c < row.length; c++) {
              v.add(config.conditionValues().get(c).get(row[c]));
            }
            values.add(v);
          }
          return new Drawn(GanSampler.images(model, z, condition), values);
        });
  }

  /** The requested condition as condition index → value index; names are checked against the model's. */
  static Map<Integer, Integer> resolveCondition(GanConfig config, Map<String, String> requested) {
    if (!config.conditional() && !requested.isEmpty()) {
      throw new UsageException("--condition: the model is an unconditional gan; only cgan models take a condition");
    }
    Map<Integer, Integer> fixed = new LinkedHashMap<>();
    for (Map.Entry<String, String> entry : requested.entrySet()) {
      List<String> matches = NamePrefixes.matches(entry.getKey(), config.conditions());
      if (matches.size() != 1) {
        throw new UsageException("--condition " + entry.getKey() + " is not one of the model's condition attributes; "
            + "allowed: " + String.join(", ", config.conditions()));
      }
      int c = config.conditions().indexOf(matches.get(0));
      int value = config.conditionValues().get(c).indexOf(entry.getValue());
      if (value < 0) {
        throw new UsageException("--condition " + entry.getKey() + "=" + entry.getValue() + ": allowed values of "
            + config.conditions().get(c) + ": " + String.join(", ", config.conditionValues().get(c)));
      }
      fixed.put(c, value);
    }
    return fixed;
  }

  private static Sampler vaeSampler(Path folder, GenerateOptions options, Configuration conf) throws IOException {
    VaeConfig config = VaeFolder.readConfig(folder, conf);
    if (!options.condition().isEmpty()) {
      throw new UsageException("--condition: the model is a " + config.kind() + "; only cgan models take a "
          + "condition");
    }
    ComputationGraph net = VaeFolder.loadNetwork(folder, conf);
    return new Sampler(config.kind().toString(), config.imageSize(), config.channels(), List.of(), Map.of(),
        (n, noise) -> new Drawn(VaeNetwork.decode(net, noise.gaussian(n, config.latentDim())), null));
  }
}
