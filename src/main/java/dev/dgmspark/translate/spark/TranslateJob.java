package dev.dgmspark.translate.spark;

import com.univocity.parsers.csv.CsvWriter;
import dev.dgmspark.common.Provenance;
import dev.dgmspark.common.UsageException;
import dev.dgmspark.engine.ModelFolder;
import dev.dgmspark.engine.TrainingSummary;
import dev.dgmspark.io.Csv;
import dev.dgmspark.io.Json;
import dev.dgmspark.io.OutputFolder;
import dev.dgmspark.io.PngWriter;
import dev.dgmspark.io.SerializableConfiguration;
import dev.dgmspark.io.Storage;
import dev.dgmspark.minibatch.ImageBatchFile;
import dev.dgmspark.minibatch.ImagePixels;
import dev.dgmspark.quality.AttributeClassifier;
import dev.dgmspark.report.ImageGrid;
import dev.dgmspark.shard.ShardIndex;
import dev.dgmspark.shard.ShardJob;
import dev.dgmspark.shard.ShardOptions;
import dev.dgmspark.shard.ShardSchema;
import dev.dgmspark.shard.ShardSummary;
import dev.dgmspark.translate.Pix2PixConfig;
import dev.dgmspark.translate.Pix2PixModel;
import dev.dgmspark.translate.TranslationFolder;
import dev.dgmspark.translate.TranslationQuality;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code translate} job: runs a pix2pix generator over every image of a shard folder whose attribute has the
 * model's source value, in the executors (each task reads the broadcast model once, translates its rows in batches
 * and writes the PNGs), then writes {@code images/attributes.csv} (the attribute set to the target value, the other
 * attributes copied, {@value ShardSchema#TRANSLATED_FROM} the input's id, and the model's attribute classifier's
 * verdict on the translation as {@code classifier_<attribute>}), shards the folder ({@code shards/}, through the
 * shard job, so later jobs read the translations like any dataset), draws {@code grid.png} (input | translation
 * pairs) and writes {@code summary.json} last.
 *
 * <p>The CSV rows are collected on the driver (about 100 bytes a translation), which bounds a run to what its
 * driver holds: tens of millions of rows with a few GB of heap.
 */
public final class TranslateJob {
  private static final Logger LOG = LoggerFactory.getLogger(TranslateJob.class);
  public static final String IMAGES = "images";
  public static final String SHARDS = "shards";
  public static final String GRID = "grid.png";
  private static final int BATCH = 64;
  private static final int GRID_ROWS = 8;
  private static final int GRID_PAIRS = 4;

  private TranslateJob() {}

  /** The verdict column's name for {@code attribute}. */
  public static String verdictColumn(String attribute) {
    return "classifier_" + attribute;
  }

  /** Runs the job and returns what {@code summary.json} says. */
  public static TranslateSummary run(SparkSession spark, TranslateOptions options) throws IOException {
    Instant startedAt = Instant.now();
    long start = System.nanoTime();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Path modelFolder = Storage.qualify(options.model(), conf);
    TranslationFolder.Descriptor descriptor = TranslationFolder.readDescriptor(modelFolder, conf);
    Pix2PixConfig config = descriptor.config();
    Path modelFile = new Path(modelFolder, ModelFolder.MODEL);
    if (!Storage.fs(modelFile, conf).exists(modelFile)) {
      throw new UsageException("--model " + options.model() + " has no " + ModelFolder.MODEL + ": its training did "
          + "not finish");
    }
    byte[] modelBytes = Storage.readAll(modelFile, conf);
    Path classifierFile = new Path(modelFolder, TranslationFolder.CLASSIFIER);
    byte[] classifierBytes = Storage.fs(classifierFile, conf).exists(classifierFile)
        ? Storage.readAll(classifierFile, conf) : null;

    Path data = Storage.qualify(options.data(), conf);
    ShardIndex index = ShardIndex.readRequired(data, conf, "--data", options.data());
    if (index.size() != config.imageSize() || index.channels() != config.channels()) {
      throw new UsageException("--data holds " + index.size() + "x" + index.size() + " images of " + index.channels()
          + " channels; the model translates " + config.imageSize() + "x" + config.imageSize() + " of "
          + config.channels());
    }
    if (!index.attributes().contains(config.attribute())) {
      throw new UsageException("--data has no " + config.attribute() + " column, which the model translates from "
          + config.source() + " to " + config.target() + "; its attribute columns: "
          + (index.attributes().isEmpty() ? "none" : String.join(", ", index.attributes())));
    }
    Path out = Storage.qualify(options.out(), conf);
    OutputFolder.prepare(out, conf, options.overwrite(), ModelFolder.SUMMARY, Set.of(IMAGES, SHARDS, GRID)::contains);
    Path images = new Path(out, IMAGES);
    Storage.fs(images, conf).mkdirs(images);

    List<String> attributes = index.attributes();
    List<Column> columns = new ArrayList<>(List.of(functions.col("id"), functions.col("image.bytes")));
    attributes.forEach(a -> columns.add(functions.col(a)));
    Dataset<Row> all = spark.read().parquet(index.shardPaths(data));
    long dataRows = all.count();
    Dataset<Row> sources = all.where(functions.col(config.attribute()).equalTo(config.source()))
        .select(columns.toArray(new Column[0]));

    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<Shipped> shipped = jsc.broadcast(new Shipped(config, modelBytes, classifierBytes,
        new SerializableConfiguration(conf), images.toString(), attributes));
    jsc.setJobGroup("dgm-translate", "translate: " + config.attribute() + " " + config.source() + " -> "
        + config.target() + " in the executors", false);
    List<String[]> rows = sources.javaRDD().mapPartitions(new Translator(shipped)).collect();
    jsc.clearJobGroup();
    shipped.destroy();
    int verdictAt = attributes.size() + 2;
    Storage.writeAtomically(new Path(images, ShardJob.DEFAULT_ATTRIBUTES), conf, stream -> {
      CsvWriter csv = Csv.writer(stream);
      List<String> header = new ArrayList<>();
      header.add("file");
      header.addAll(attributes);
      header.add(ShardSchema.TRANSLATED_FROM);
      if (classifierBytes != null) {
        header.add(verdictColumn(config.attribute()));
      }
      csv.writeRow(header);
      for (String[] row : rows) {
        csv.writeRow((Object[]) java.util.Arrays.copyOf(row, classifierBytes != null ? verdictAt + 1 : verdictAt));
      }
      csv.flush();
    });
    Double targetRate = null;
    Double inputTargetRate = null;
    if (classifierBytes != null && !rows.isEmpty()) {
      targetRate = TrainingSummary.round(rows.stream().filter(r -> r[verdictAt].equals(config.target())).count()
          / (double) rows.size());
      inputTargetRate = TrainingSummary.round(rows.stream().filter(r -> r[verdictAt + 1].equals(config.target()))
          .count() / (double) rows.size());
    }
    writeGrid(sources, config, modelBytes, new Path(out, GRID), conf);
    LOG.info("translate: {} of {} rows translated ({}={} -> {}), target rate {} (inputs {}); sharding them",
        rows.size(), dataRows, config.attribute(), config.source(), config.target(), targetRate, inputTargetRate);
    ShardSummary shard = ShardJob.run(spark, ShardOptions.of(images.toString(), new Path(out, SHARDS).toString())
        .withSize(config.imageSize()).withChannels(config.channels()));

    double seconds = (System.nanoTime() - start) / 1e9;
    TranslateSummary summary = new TranslateSummary(modelFolder.toString(), config.attribute(), config.source(),
        config.target(), dataRows, rows.size(), dataRows - rows.size(), shard.accepted(), targetRate, inputTargetRate,
        images.toString(), new Path(out, SHARDS).toString(), new Path(out, GRID).toString(),
        TrainingSummary.round(seconds), Provenance.of("translate", options, startedAt));
    Storage.writeAtomically(new Path(out, ModelFolder.SUMMARY), Json.pretty(summary), conf);
    return summary;
  }

  /** Rows of (input | translation) pairs of the first source images, translated on the driver. */
  private static void writeGrid(Dataset<Row> sources, Pix2PixConfig config, byte[] modelBytes, Path file,
      Configuration conf) throws IOException {
    List<Row> first = sources.limit(GRID_ROWS * GRID_PAIRS).collectAsList();
    if (first.isEmpty()) {
      return;
    }
    Pix2PixModel model = TranslationFolder.read(config, new ByteArrayInputStream(modelBytes));
    INDArray input = decode(first, config);
    INDArray translated = TranslationQuality.toUnit(TranslationQuality.translate(model.generator(),
        input.mul(2).subi(1)));
    List<List<BufferedImage>> grid = new ArrayList<>();
    for (int from = 0; from < first.size(); from += GRID_PAIRS) {
      List<BufferedImage> row = new ArrayList<>();
      for (int i = from; i < Math.min(first.size(), from + GRID_PAIRS); i++) {
        row.add(ImagePixels.toImage(input, i));
        row.add(ImagePixels.toImage(translated, i));
      }
      grid.add(row);
    }
    Storage.writeAtomically(file, PngWriter.bytes(ImageGrid.rows(grid, config.imageSize() < 48 ? 2 : 1)), conf);
  }

  /** The images of shard rows (column 1: PNG bytes) as [n, c, h, w] in [0, 1]. */
  static INDArray decode(List<Row> rows, Pix2PixConfig config) {
    int bytes = config.pixelsPerImage();
    byte[] pixels = new byte[rows.size() * bytes];
    for (int i = 0; i < rows.size(); i++) {
      ImagePixels.decodeInto(rows.get(i).getAs(1), config.channels(), config.imageSize(), pixels, i * bytes);
    }
    return ImagePixels.toInput(new ImageBatchFile(rows.size(), config.channels(), config.imageSize(),
        config.imageSize(), pixels));
  }

  /** What every task needs, broadcast once. A class, not a record: Spark ships it with Kryo. */
  static final class Shipped implements Serializable {
    private static final long serialVersionUID = 1L;
    final Pix2PixConfig config;
    final byte[] model;
    final byte[] classifier;
    final SerializableConfiguration hadoop;
    final String images;
    final String[] attributes;

    Shipped(Pix2PixConfig config, byte[] model, byte[] classifier, SerializableConfiguration hadoop, String images,
        List<String> attributes) {
      this.config = config;
      this.model = model;
      this.classifier = classifier;
      this.hadoop = hadoop;
      this.images = images;
      this.attributes = attributes.toArray(new String[0]);
    }
  }

  /**
   * Executor side: translates a partition's rows in batches, writes each translation as
   * {@code translated-<input id>.png}, and returns its CSV row: file, attributes (the translated one set to the
   * target), the input id, the classifier's verdict on the translation and on the input (or empty strings).
   */
  static final class Translator implements FlatMapFunction<Iterator<Row>, String[]> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<Shipped> shipped;

    Translator(Broadcast<Shipped> shipped) {
      this.shipped = shipped;
    }

    @Override
    public Iterator<String[]> call(Iterator<Row> rows) throws IOException {
      Shipped s = shipped.value();
      Pix2PixConfig config = s.config;
      Pix2PixModel model = TranslationFolder.read(config, new ByteArrayInputStream(s.model));
      AttributeClassifier classifier = s.classifier == null ? null
          : AttributeClassifier.read(new ByteArrayInputStream(s.classifier));
      Configuration conf = s.hadoop.get();
      Path folder = new Path(s.images);
      FileSystem fs = Storage.fs(folder, conf);
      int translated = java.util.Arrays.asList(s.attributes).indexOf(config.attribute());
      List<String[]> out = new ArrayList<>();
      List<Row> batch = new ArrayList<>();
      try (PngWriter png = new PngWriter(PngWriter.DEFAULT)) {
        while (rows.hasNext()) {
          batch.add(rows.next());
          if (batch.size() == BATCH || !rows.hasNext()) {
            INDArray input = decode(batch, config);
            INDArray result = TranslationQuality.toUnit(TranslationQuality.translate(model.generator(),
                input.mul(2).subi(1)));
            int[][] verdicts = classifier == null ? null : classifier.predict(result);
            int[][] inputVerdicts = classifier == null ? null : classifier.predict(input);
            for (int i = 0; i < batch.size(); i++) {
              Row row = batch.get(i);
              String id = row.getString(0);
              String name = "translated-" + id + ".png";
              try (OutputStream stream = fs.create(new Path(folder, name), true)) {
                stream.write(png.encode(ImagePixels.toImage(result, i)));
              }
              String[] csv = new String[s.attributes.length + 4];
              csv[0] = name;
              for (int a = 0; a < s.attributes.length; a++) {
                Object value = row.get(2 + a);
                csv[1 + a] = a == translated ? config.target() : value == null ? null : value.toString();
              }
              csv[s.attributes.length + 1] = id;
              csv[s.attributes.length + 2] = verdicts == null ? "" : verdicts[i][0] == 1 ? config.target()
                  : config.source();
              csv[s.attributes.length + 3] = inputVerdicts == null ? "" : inputVerdicts[i][0] == 1 ? config.target()
                  : config.source();
              out.add(csv);
            }
            batch.clear();
          }
        }
      }
      return out.iterator();
    }
  }
}
