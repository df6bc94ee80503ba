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
import dev.dgmspark.nn.NativeMemory;
import dev.dgmspark.quality.AttributeClassifier;
import dev.dgmspark.report.ImageGrid;
import dev.dgmspark.shard.ShardIndex;
import dev.dgmspark.shard.ShardJob;
import dev.dgmspark.shard.ShardOptions;
import dev.dgmspark.shard.ShardSchema;
import dev.dgmspark.shard.ShardSummary;
import dev.dgmspark.translate.TranslationConfig;
import dev.dgmspark.translate.TranslationDirection;
import dev.dgmspark.translate.TranslationFolder;
import dev.dgmspark.translate.TranslationQuality;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code translate} job: runs one generator of a translation model (pix2pix's, or CycleGAN's A→B or B→A, as
 * {@code --direction} says) over every image of a shard folder whose attribute has the direction's source value, in
 * the executors (each task reads the broadcast generator once, translates its rows in batches and writes the PNGs),
 * then writes {@code images/attributes.csv} (the attribute set to the target value, the other
 * attributes copied, {@value ShardSchema#TRANSLATED_FROM} the input's id, and the model's attribute classifier's
 * verdict on the translation as {@code classifier_<attribute>}), shards the folder ({@code shards/}, through the
 * shard job, so later jobs read the translations like any dataset), draws {@code grid.png} (input | translation
 * pairs) and writes {@code summary.json} last.
 *
 * <p>The CSV rows (about 100 bytes a translation) are cached in the executors and streamed to the driver one
 * partition at a time while it writes the CSV, so the driver holds one partition's rows, not the run's.
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
    TranslationFolder.Descriptor descriptor = TranslationFolder.readDescriptor(modelFolder, conf, null);
    TranslationConfig config = descriptor.config();
    TranslationDirection direction = config.direction(options.direction());
    if (direction == null) {
      throw new UsageException("--direction " + options.direction() + ": a " + config.modelName() + " model "
          + "translates " + String.join(", ", config.directions().stream().map(d -> d.name() + " (" + d.from()
          + " -> " + d.to() + ")").toList()) + "; allowed: " + String.join(", ", config.directions().stream()
          .map(TranslationDirection::name).toList()));
    }
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
          + direction.from() + " to " + direction.to() + "; its attribute columns: "
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
    Dataset<Row> sources = all.where(functions.col(config.attribute()).equalTo(direction.from()))
        .select(columns.toArray(new Column[0]));

    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Shipped toShip = new Shipped(config, direction, modelBytes, classifierBytes, new SerializableConfiguration(conf),
        images.toString(), attributes);
    Broadcast<Shipped> shipped = jsc.broadcast(toShip);
    jsc.setJobGroup("dgm-translate", "translate: " + config.attribute() + " " + direction.from() + " -> "
        + direction.to() + " in the executors", false);
    // The translations run once, in parallel, into a cache of their CSV rows (about 100 bytes each); the driver then
    // streams the cache a partition at a time into the CSV, so it never holds more than one partition's rows.
    JavaRDD<String[]> rows = sources.javaRDD().mapPartitions(new Translator(shipped))
        .persist(StorageLevel.MEMORY_AND_DISK_SER());
    long translated;
    long targetVerdicts = 0;
    long inputTargetVerdicts = 0;
    long[] keptCounts = new long[toShip.keptNames.length];
    try {
      translated = rows.count();
      jsc.clearJobGroup();
      int verdictAt = attributes.size() + 2;
      long[] verdicts = new long[2];
      List<String> keptNames = List.of(toShip.keptNames);
      Storage.writeAtomically(new Path(images, ShardJob.DEFAULT_ATTRIBUTES), conf, stream -> {
        CsvWriter csv = Csv.writer(stream);
        List<String> header = new ArrayList<>();
        header.add("file");
        header.addAll(attributes);
        header.add(ShardSchema.TRANSLATED_FROM);
        if (classifierBytes != null) {
          header.add(verdictColumn(config.attribute()));
          keptNames.forEach(name -> header.add(verdictColumn(name)));
        }
        csv.writeRow(header);
        int keptAt = verdictAt + 2;
        for (Iterator<String[]> it = rows.toLocalIterator(); it.hasNext(); ) {
          String[] row = it.next();
          List<String> written = new ArrayList<>(Arrays.asList(row).subList(0, verdictAt));
          if (classifierBytes != null) {
            written.add(row[verdictAt]);
            verdicts[0] += row[verdictAt].equals(direction.to()) ? 1 : 0;
            verdicts[1] += row[verdictAt + 1].equals(direction.to()) ? 1 : 0;
            for (int k = 0; k < keptNames.size(); k++) {
              written.add(row[keptAt + 2 * k]);
              keptCounts[k] += row[keptAt + 2 * k].equals(row[keptAt + 2 * k + 1]) ? 1 : 0;
            }
          }
          csv.writeRow(written.toArray());
        }
        csv.flush();
      });
      targetVerdicts = verdicts[0];
      inputTargetVerdicts = verdicts[1];
    } finally {
      // After the CSV: a cached partition lost with its executor is translated again, which needs the broadcast.
      rows.unpersist(false);
      shipped.destroy();
    }
    Double targetRate = null;
    Double inputTargetRate = null;
    Map<String, Double> keptRates = null;
    Double keptRate = null;
    if (classifierBytes != null && translated > 0) {
      targetRate = TrainingSummary.round(targetVerdicts / (double) translated);
      inputTargetRate = TrainingSummary.round(inputTargetVerdicts / (double) translated);
      if (keptCounts.length > 0) {
        keptRates = new LinkedHashMap<>();
        for (int k = 0; k < keptCounts.length; k++) {
          keptRates.put(toShip.keptNames[k], TrainingSummary.round(keptCounts[k] / (double) translated));
        }
        keptRate = keptRates.values().stream().min(Double::compare).orElseThrow();
      }
    }
    writeGrid(sources, toShip, new Path(out, GRID), conf);
    LOG.info("translate: {} of {} rows translated ({}={} -> {}), target rate {} (inputs {}), kept rates {}; sharding "
        + "them", translated, dataRows, config.attribute(), direction.from(), direction.to(), targetRate,
        inputTargetRate, keptRates);
    ShardSummary shard = ShardJob.run(spark, ShardOptions.of(images.toString(), new Path(out, SHARDS).toString())
        .withSize(config.imageSize()).withChannels(config.channels()));

    double seconds = (System.nanoTime() - start) / 1e9;
    TranslateSummary summary = new TranslateSummary(modelFolder.toString(), config.modelName(), direction.name(),
        config.attribute(), direction.from(), direction.to(), dataRows, translated, dataRows - translated,
        shard.accepted(), targetRate, inputTargetRate, keptRate, keptRates,
        images.toString(), new Path(out, SHARDS).toString(), new Path(out, GRID).toString(),
        TrainingSummary.round(seconds), Provenance.of("translate", options, startedAt));
    Storage.writeAtomically(new Path(out, ModelFolder.SUMMARY), Json.pretty(summary), conf);
    return summary;
  }

  /** Rows of (input | translation) pairs of the first source images, translated on the driver. */
  private static void writeGrid(Dataset<Row> sources, Shipped shipped, Path file, Configuration conf)
      throws IOException {
    List<Row> first = sources.limit(GRID_ROWS * GRID_PAIRS).collectAsList();
    if (first.isEmpty()) {
      return;
    }
    ComputationGraph generator = TranslationFolder.readGenerator(shipped.model, shipped.generator);
    INDArray input = decode(first, shipped.imageSize, shipped.channels);
    INDArray translated = TranslationQuality.toUnit(TranslationQuality.translate(generator, input.mul(2).subi(1)));
    List<List<BufferedImage>> grid = new ArrayList<>();
    for (int from = 0; from < first.size(); from += GRID_PAIRS) {
      List<BufferedImage> row = new ArrayList<>();
      for (int i = from; i < Math.min(first.size(), from + GRID_PAIRS); i++) {
        row.add(ImagePixels.toImage(input, i));
        row.add(ImagePixels.toImage(translated, i));
      }
      grid.add(row);
    }
    Storage.writeAtomically(file, PngWriter.bytes(ImageGrid.rows(grid, shipped.imageSize < 48 ? 2 : 1)), conf);
  }

  /** The images of shard rows (column 1: PNG bytes) as [n, c, h, w] in [0, 1]. */
  static INDArray decode(List<Row> rows, int size, int channels) {
    int bytes = size * size * channels;
    byte[] pixels = new byte[rows.size() * bytes];
    for (int i = 0; i < rows.size(); i++) {
      ImagePixels.decodeInto(rows.get(i).getAs(1), channels, size, pixels, i * bytes);
    }
    return ImagePixels.toInput(new ImageBatchFile(rows.size(), channels, size, size, pixels));
  }

  /**
   * What every task needs, broadcast once: plain fields only. A class, not a record: Spark ships it with Kryo.
   */
  static final class Shipped implements Serializable {
    private static final long serialVersionUID = 1L;
    final int imageSize;
    final int channels;
    final String from;
    final String to;
    final String generator;
    final int verdictHead;
    final String[] verdictValues;
    final byte[] model;
    final byte[] classifier;
    final SerializableConfiguration hadoop;
    final String images;
    final String[] attributes;
    final String attribute;
    /** The other attributes the classifier reads ({@link TranslationConfig#keptAttributes()}), their heads, values. */
    final String[] keptNames;
    final int[] keptHeads;
    final String[][] keptValues;

    Shipped(TranslationConfig config, TranslationDirection direction, byte[] model, byte[] classifier,
        SerializableConfiguration hadoop, String images, List<String> attributes) {
      this.imageSize = config.imageSize();
      this.channels = config.channels();
      this.attribute = config.attribute();
      this.from = direction.from();
      this.to = direction.to();
      this.generator = direction.generator();
      this.verdictHead = config.verdictHead();
      this.verdictValues = config.verdictValues().toArray(new String[0]);
      this.model = model;
      this.classifier = classifier;
      this.hadoop = hadoop;
      this.images = images;
      this.attributes = attributes.toArray(new String[0]);
      Map<String, List<String>> kept = config.keptAttributes();
      this.keptNames = kept.keySet().toArray(new String[0]);
      this.keptHeads = new int[keptNames.length];
      this.keptValues = new String[keptNames.length][];
      int head = 0;
      for (int k = 0; k < keptNames.length; k++, head++) {
        head += head == verdictHead ? 1 : 0;
        keptHeads[k] = head;
        keptValues[k] = kept.get(keptNames[k]).toArray(new String[0]);
      }
    }
  }

  /**
   * Executor side: translates a partition's rows in batches, writes each translation as
   * {@code translated-<input id>.png}, and returns its CSV row: file, attributes (the translated one set to the
   * target), the input id, the classifier's verdict on the translation and on the input (or empty strings), then per
   * kept attribute the classifier's value on the translation and on the input (nothing without a classifier).
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
      ComputationGraph generator = TranslationFolder.readGenerator(s.model, s.generator);
      AttributeClassifier classifier = s.classifier == null ? null
          : AttributeClassifier.read(new ByteArrayInputStream(s.classifier));
      Configuration conf = s.hadoop.get();
      Path folder = new Path(s.images);
      FileSystem fs = Storage.fs(folder, conf);
      int translated = Arrays.asList(s.attributes).indexOf(s.attribute);
      List<String[]> out = new ArrayList<>();
      List<Row> batch = new ArrayList<>();
      try (PngWriter png = new PngWriter(PngWriter.DEFAULT)) {
        while (rows.hasNext()) {
          batch.add(rows.next());
          if (batch.size() == BATCH || !rows.hasNext()) {
            INDArray input = decode(batch, s.imageSize, s.channels);
            INDArray result = TranslationQuality.toUnit(TranslationQuality.translate(generator,
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
              int keptAt = s.attributes.length + 4;
              String[] csv = new String[keptAt + (classifier == null ? 0 : 2 * s.keptNames.length)];
              csv[0] = name;
              for (int a = 0; a < s.attributes.length; a++) {
                Object value = row.get(2 + a);
                csv[1 + a] = a == translated ? s.to : value == null ? null : value.toString();
              }
              csv[s.attributes.length + 1] = id;
              csv[s.attributes.length + 2] = verdicts == null ? "" : s.verdictValues[verdicts[i][s.verdictHead]];
              csv[s.attributes.length + 3] = inputVerdicts == null ? ""
                  : s.verdictValues[inputVerdicts[i][s.verdictHead]];
              for (int k = 0; classifier != null && k < s.keptNames.length; k++) {
                csv[keptAt + 2 * k] = s.keptValues[k][verdicts[i][s.keptHeads[k]]];
                csv[keptAt + 2 * k + 1] = s.keptValues[k][inputVerdicts[i][s.keptHeads[k]]];
              }
              out.add(csv);
            }
            batch.clear();
            NativeMemory.collectIfHigh();
          }
        }
      }
      return out.iterator();
    }
  }
}
