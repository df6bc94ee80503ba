package dev.dgmspark.generate.spark;

import com.univocity.parsers.csv.CsvWriter;
import dev.dgmspark.common.NamePrefixes;
import dev.dgmspark.common.Provenance;
import dev.dgmspark.common.UsageException;
import dev.dgmspark.encode.EncodeJob;
import dev.dgmspark.engine.ModelFolder;
import dev.dgmspark.generate.LatentShift;
import dev.dgmspark.generate.ShiftOptions;
import dev.dgmspark.generate.ShiftSummary;
import dev.dgmspark.io.Csv;
import dev.dgmspark.io.Json;
import dev.dgmspark.io.OutputFolder;
import dev.dgmspark.io.PngWriter;
import dev.dgmspark.io.Storage;
import dev.dgmspark.minibatch.ImagePixels;
import dev.dgmspark.quality.AttributeClassifier;
import dev.dgmspark.report.ImageGrid;
import dev.dgmspark.shard.ShardIndex;
import dev.dgmspark.shard.ShardJob;
import dev.dgmspark.shard.ShardOptions;
import dev.dgmspark.shard.ShardSummary;
import dev.dgmspark.vae.VaeConfig;
import dev.dgmspark.vae.VaeFolder;
import dev.dgmspark.vae.VaeNetwork;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code generate --shift}: latent arithmetic on a trained autoencoder. Encodes the data in the executors (as
 * {@code encode} does), takes the attribute vector from the two groups' mean latents (summed in the executors: only
 * two latent-sized vectors reach the driver), moves the latent means of {@code count} images without the value along
 * it, decodes them on the driver batch by batch, and writes them as PNGs and shards with a grid of originals,
 * reconstructions and moved images. An attribute classifier trained on other images of the data measures how often
 * each kind shows the value.
 */
public final class ShiftJob {
  private static final Logger LOG = LoggerFactory.getLogger(ShiftJob.class);
  public static final String IMAGES = "images";
  public static final String SHARDS = "shards";
  public static final String LATENTS = "latents";
  public static final String GRID = "before_after.png";
  private static final int BATCH = 256;
  private static final int GRID_COLUMNS = 8;
  /** Moved images the rates are measured on (the first ones). */
  static final int MEASURED = 500;
  /** Images the measuring classifier learns from (a fifth of them held out for its accuracy). */
  static final int CLASSIFIER_IMAGES = 4000;
  private static final int CLASSIFIER_EPOCHS = 8;

  private ShiftJob() {}

  /** Runs the job and returns what {@code summary.json} says. */
  public static ShiftSummary run(SparkSession spark, ShiftOptions options) throws IOException {
    Instant startedAt = Instant.now();
    long start = System.nanoTime();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Path data = Storage.qualify(options.data(), conf);
    ShardIndex index = ShardIndex.readRequired(data, conf, "--data", options.data());
    Path model = Storage.qualify(options.model(), conf);
    VaeConfig config = EncodeJob.readModel(model, options.model(), index, conf);
    String attribute = resolveAttribute(options.shift().attribute(), index.attributes());
    String value = options.shift().value();
    Path out = Storage.qualify(options.out(), conf);
    OutputFolder.prepare(out, conf, options.overwrite(), ModelFolder.SUMMARY, Set.of(IMAGES, SHARDS, LATENTS, GRID));

    Path latents = new Path(out, LATENTS);
    EncodeJob.encode(spark, data, index, model, config, latents, BATCH);
    Dataset<Row> images = spark.read().parquet(index.shardPaths(data)).select(functions.col("id"),
        functions.col("image.bytes").as("bytes"), functions.col(attribute).cast("string").as("attr"));
    Dataset<Row> known = spark.read().parquet(latents.toString()).select("id", "mu").join(images, "id")
        .filter(functions.col("attr").isNotNull());
    LatentShift shift = attributeVector(known, options, value, config.latentDim());
    LOG.info("generate: attribute vector {}={} of length {} from {} images with and {} without the value",
        attribute, value, String.format("%.3f", shift.norm()), shift.withValue(), shift.withoutValue());

    ComputationGraph net = VaeFolder.loadNetwork(model, conf);
    FileSystem fs = Storage.fs(out, conf);
    Path imageFolder = new Path(out, IMAGES);
    fs.mkdirs(imageFolder);
    Dataset<Row> chosen = known.filter(functions.col("attr").notEqual(value))
        .withColumn("key", functions.xxhash64(functions.col("id"), functions.lit(options.seed())))
        .orderBy("key", "id").limit(options.count()).select("id", "mu", "bytes");
    Measured measured = new Measured(config);
    List<String[]> sources = new ArrayList<>();
    int written = 0;
    try (PngWriter png = new PngWriter(PngWriter.DEFAULT)) {
      Iterator<Row> rows = chosen.toLocalIterator();
      while (rows.hasNext()) {
        List<Row> batch = new ArrayList<>(BATCH);
        while (batch.size() < BATCH && rows.hasNext()) {
          batch.add(rows.next());
        }
        INDArray mu = latentMeans(batch, config.latentDim());
        INDArray moved = VaeNetwork.decode(net, shift.apply(mu));
        INDArray reconstructed = measured.wants() ? VaeNetwork.decode(net, mu) : null;
        for (int i = 0; i < batch.size(); i++) {
          String name = String.format("shifted-%06d.png", written);
          try (OutputStream stream = fs.create(new Path(imageFolder, name), true)) {
            stream.write(png.encode(ImagePixels.toImage(moved, i)));
          }
          sources.add(new String[] {name, batch.get(i).getString(0)});
          if (measured.wants()) {
            measured.add(batch.get(i).getString(0), batch.get(i).getAs("bytes"), reconstructed, moved, i);
          }
          written++;
        }
      }
    }
    if (written == 0) {
      throw new UsageException("--shift " + attribute + "=" + value + ": no image without the value to move");
    }
    Storage.writeAtomically(new Path(imageFolder, ShardJob.DEFAULT_ATTRIBUTES), conf, stream -> {
      CsvWriter csv = Csv.writer(stream);
      csv.writeRow("file", "source_id");
      sources.forEach(row -> csv.writeRow((Object[]) row));
      csv.flush();
    });
    Storage.writeAtomically(new Path(out, GRID), PngWriter.bytes(measured.grid()), conf);
    ShiftSummary.ValueRate rates = measured.rates(classifierSample(known, measured.ids(), options.seed()), value,
        options.seed());
    LOG.info("generate: classifier's {}={} rate {} on the inputs, {} on their reconstructions, {} on the moved "
        + "images ({} each)", attribute, value, rates.inputs(), rates.reconstructions(), rates.outputs(),
        rates.measuredImages());

    ShardSummary shard = ShardJob.run(spark, ShardOptions.of(imageFolder.toString(),
        new Path(out, SHARDS).toString()).withSize(config.imageSize()).withChannels(config.channels()));
    double seconds = (System.nanoTime() - start) / 1e9;
    ShiftSummary summary = new ShiftSummary(model.toString(), data.toString(), attribute, value,
        shift.scale(), round(shift.norm()), shift.withValue(), shift.withoutValue(), written, rates,
        imageFolder.toString(), new Path(out, SHARDS).toString(), shard.accepted(), latents.toString(),
        new Path(out, GRID).toString(), Math.round(seconds * 1000) / 1000.0,
        Provenance.of("generate", options, startedAt));
    Storage.writeAtomically(new Path(out, ModelFolder.SUMMARY), Json.pretty(summary), conf);
    return summary;
  }

  /** The attribute column {@code given} names (a unique prefix is enough); a usage error naming --shift if none. */
  static String resolveAttribute(String given, List<String> attributes) {
    List<String> matches = NamePrefixes.matches(given, attributes);
    if (matches.size() != 1) {
      throw new UsageException(String.format("--shift %s: %s; the data's attribute columns are %s", given,
          matches.isEmpty() ? "no such attribute column" : "ambiguous, matches " + matches,
          attributes.isEmpty() ? "none (shard with an attributes file)" : String.join(", ", attributes)));
    }
    return matches.get(0);
  }

  /** The vector between the mean latents with and without the value, summed per dimension in the executors. */
  private static LatentShift attributeVector(Dataset<Row> known, ShiftOptions options, String value, int latent) {
    List<Row> sums = known.select(functions.col("attr").equalTo(value).as("has"),
            functions.posexplode(functions.col("mu")))
        .groupBy("has", "pos").agg(functions.sum("col").as("sum"), functions.count(functions.lit(1)).as("n"))
        .collectAsList();
    double[][] mean = new double[2][latent];
    long[] count = new long[2];
    for (Row row : sums) {
      int group = row.getBoolean(0) ? 0 : 1;
      mean[group][row.getInt(1)] = row.getDouble(2) / row.getLong(3);
      count[group] = row.getLong(3);
    }
    return LatentShift.between(options.shift(), mean[0], mean[1], count[0], count[1]);
  }

  /** Rows with known values, not among {@code exclude}, for the measuring classifier: ids, PNG bytes, values. */
  private static List<Row> classifierSample(Dataset<Row> known, Set<String> exclude, long seed) {
    List<Row> rows = known.withColumn("key", functions.xxhash64(functions.col("id"), functions.lit(seed + 1)))
        .orderBy("key", "id").limit(CLASSIFIER_IMAGES + exclude.size()).select("id", "bytes", "attr")
        .collectAsList();
    List<Row> kept = new ArrayList<>();
    for (Row row : rows) {
      if (!exclude.contains(row.getString(0)) && kept.size() < CLASSIFIER_IMAGES) {
        kept.add(row);
      }
    }
    return kept;
  }

  private static INDArray latentMeans(List<Row> batch, int latent) {
    float[] values = new float[batch.size() * latent];
    for (int i = 0; i < batch.size(); i++) {
      List<Float> mu = batch.get(i).getList(1);
      for (int j = 0; j < latent; j++) {
        values[i * latent + j] = mu.get(j);
      }
    }
    return Nd4j.create(values, new long[] {batch.size(), latent}, 'c');
  }

  private static double round(double value) {
    return Math.round(value * 1e4) / 1e4;
  }

  /** The first {@link #MEASURED} inputs with their reconstructions and moved images, kept for the rates and grid. */
  private static final class Measured {
    private final VaeConfig config;
    private final List<String> ids = new ArrayList<>();
    private final List<byte[]> inputs = new ArrayList<>();
    private final List<INDArray> reconstructions = new ArrayList<>();
    private final List<INDArray> outputs = new ArrayList<>();

    Measured(VaeConfig config) {
      this.config = config;
    }

    boolean wants() {
      return ids.size() < MEASURED;
    }

    void add(String id, byte[] png, INDArray reconstructed, INDArray moved, int row) {
      byte[] pixels = new byte[config.pixelsPerImage()];
      ImagePixels.decodeInto(png, config.channels(), config.imageSize(), pixels, 0);
      ids.add(id);
      inputs.add(pixels);
      reconstructions.add(reconstructed.get(NDArrayIndex.point(row)).dup()
          .reshape(1, config.channels(), config.imageSize(), config.imageSize()));
      outputs.add(moved.get(NDArrayIndex.point(row)).dup()
          .reshape(1, config.channels(), config.imageSize(), config.imageSize()));
    }

    Set<String> ids() {
      return Set.copyOf(ids);
    }

    INDArray inputArray() {
      return pixelsToArray(inputs);
    }

    private INDArray pixelsToArray(List<byte[]> pixels) {
      int per = config.pixelsPerImage();
      float[] values = new float[pixels.size() * per];
      for (int i = 0; i < pixels.size(); i++) {
        for (int p = 0; p < per; p++) {
          values[i * per + p] = (pixels.get(i)[p] & 0xff) / 255f;
        }
      }
      return Nd4j.create(values, new long[] {pixels.size(), config.channels(), config.imageSize(),
          config.imageSize()}, 'c');
    }

    /** Originals, reconstructions and moved images of the first {@value #GRID_COLUMNS} inputs, one row each. */
    BufferedImage grid() {
      int n = Math.min(GRID_COLUMNS, ids.size());
      INDArray originals = inputArray();
      List<List<BufferedImage>> rows = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
      for (int i = 0; i < n; i++) {
        rows.get(0).add(ImagePixels.toImage(originals, i));
        rows.get(1).add(ImagePixels.toImage(reconstructions.get(i), 0));
        rows.get(2).add(ImagePixels.toImage(outputs.get(i), 0));
      }
      return ImageGrid.rows(rows, config.imageSize() < 48 ? 2 : 1);
    }

    /** Trains the classifier on {@code sample} and measures the three rates of {@code value}. */
    ShiftSummary.ValueRate rates(List<Row> sample, String value, long seed) {
      List<String> values = sample.stream().map(r -> r.getString(2)).distinct().sorted().toList();
      if (!values.contains(value) || values.size() < 2) {
        throw new UsageException("--shift: the data's sample for the measuring classifier lacks the value '"
            + value + "' or any other; values seen: " + values);
      }
      int trainCount = sample.size() - sample.size() / 5;
      List<byte[]> pixels = new ArrayList<>();
      int[][] codes = new int[sample.size()][1];
      for (int i = 0; i < sample.size(); i++) {
        byte[] p = new byte[config.pixelsPerImage()];
        ImagePixels.decodeInto(sample.get(i).getAs(1), config.channels(), config.imageSize(), p, 0);
        pixels.add(p);
        codes[i][0] = values.indexOf(sample.get(i).getString(2));
      }
      INDArray all = pixelsToArray(pixels);
      INDArray train = all.get(NDArrayIndex.interval(0, trainCount)).dup();
      INDArray heldOut = all.get(NDArrayIndex.interval(trainCount, sample.size())).dup();
      AttributeClassifier classifier = AttributeClassifier.train(train,
          Arrays.copyOfRange(codes, 0, trainCount), List.of(values.size()), CLASSIFIER_EPOCHS, seed);
      double accuracy = AttributeClassifier.accuracy(classifier.predict(heldOut),
          Arrays.copyOfRange(codes, trainCount, sample.size()), 0);
      int target = values.indexOf(value);
      return new ShiftSummary.ValueRate(round(rate(classifier, inputArray(), target)),
          round(rate(classifier, Nd4j.concat(0, reconstructions.toArray(new INDArray[0])), target)),
          round(rate(classifier, Nd4j.concat(0, outputs.toArray(new INDArray[0])), target)), ids.size(),
          round(accuracy));
    }

    private static double rate(AttributeClassifier classifier, INDArray images, int target) {
      int[][] predicted = classifier.predict(images);
      int hits = 0;
      for (int[] p : predicted) {
        hits += p[0] == target ? 1 : 0;
      }
      return hits / (double) predicted.length;
    }
  }
}
