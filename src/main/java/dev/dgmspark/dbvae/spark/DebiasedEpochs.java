package dev.dgmspark.dbvae.spark;

import dev.dgmspark.common.Seeds;
import dev.dgmspark.dbvae.DbVaeConfig;
import dev.dgmspark.dbvae.DbVaeFamily;
import dev.dgmspark.dbvae.DbVaeFolder;
import dev.dgmspark.debias.WeightStats;
import dev.dgmspark.debias.spark.LatentRow;
import dev.dgmspark.debias.spark.LatentWeights;
import dev.dgmspark.debias.spark.WeightedDraw;
import dev.dgmspark.engine.MetricsLog;
import dev.dgmspark.engine.ModelFolder;
import dev.dgmspark.engine.RunData;
import dev.dgmspark.engine.spark.EpochSampler;
import dev.dgmspark.io.SerializableConfiguration;
import dev.dgmspark.io.Storage;
import dev.dgmspark.minibatch.BatchLabels;
import dev.dgmspark.minibatch.ImageBatchFile;
import dev.dgmspark.minibatch.ImagePixels;
import dev.dgmspark.vae.VaeModel;
import dev.dgmspark.vae.VaeNetwork;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * DB-VAE's adaptive resampling: at the start of every epoch, the training images are encoded with the model as it
 * stands (in the executors), weighted by how rare their latent mean is among the images of their class (the debias
 * job's estimator, {@link LatentWeights}, fitted per class), and as many images of each class as the training set
 * holds are drawn with replacement with probability proportional to the weights ({@link WeightedDraw}); the draw, in
 * a seeded random order, is written as the epoch's minibatch files. No image or latent reaches the driver: only the
 * estimator's fit, the bucket totals of the draw and the list of written files.
 *
 * <p>Each epoch appends a row to {@value DbVaeFolder#RESAMPLING}: the effective sample size of the weights and,
 * for every value of every exported label column, its share of the training images and of the draw, so that one
 * sees the rare group's share grow (or not).
 */
public final class DebiasedEpochs implements EpochSampler<VaeModel> {
  private static final Logger LOG = LoggerFactory.getLogger(DebiasedEpochs.class);
  /** Fewest images of a class the multiscale estimator weights. */
  private static final int MULTISCALE_MIN_ROWS = 50;
  /** Where each epoch's files go, below the model folder's temporary minibatch folder. */
  static final String EPOCH_FOLDER = "epoch-%04d";

  private final JavaSparkContext jsc;
  private final DbVaeConfig config;
  private final Path out;
  private final Configuration conf;
  private final long seed;
  private final int batchSize;
  private final List<String> labelColumns;
  private final List<List<String>> labelValues;
  private final Broadcast<SerializableConfiguration> hadoop;
  private MetricsLog log;
  private long[][] trainingCodes;

  /**
   * @param out the model folder
   * @param batchSize images per written minibatch file (the engine's per-worker minibatch)
   * @param labelColumns the exported label columns, whose value shares the log reports
   * @param labelValues per exported column, its values
   */
  public DebiasedEpochs(JavaSparkContext jsc, DbVaeConfig config, Path out, Configuration conf, long seed,
      int batchSize, List<String> labelColumns, List<List<String>> labelValues) {
    this.jsc = jsc;
    this.config = config;
    this.out = out;
    this.conf = conf;
    this.seed = seed;
    this.batchSize = batchSize;
    this.labelColumns = List.copyOf(labelColumns);
    this.labelValues = List.copyOf(labelValues);
    this.hadoop = jsc.broadcast(new SerializableConfiguration(conf));
  }

  @Override
  public List<RunData.Minibatch> epoch(VaeModel model, int epoch, List<RunData.Minibatch> training)
      throws IOException {
    long start = System.nanoTime();
    Path batches = new Path(out, ModelFolder.BATCHES);
    FileSystem fs = Storage.fs(batches, conf);
    Path previous = new Path(batches, String.format(EPOCH_FOLDER, epoch - 1));
    fs.delete(previous, true); // the last epoch's draw is trained; the loop never reads it again
    Path folder = new Path(batches, String.format(EPOCH_FOLDER, epoch));
    fs.delete(folder, true); // a resumed or retried epoch draws again
    fs.mkdirs(folder);

    long rows = training.stream().mapToLong(RunData.Minibatch::count).sum();
    List<Tuple2<Integer, String>> files = new ArrayList<>();
    for (int i = 0; i < training.size(); i++) {
      files.add(new Tuple2<>(i, training.get(i).path()));
    }
    int slices = Math.max(1, Math.min(files.size(), jsc.defaultParallelism() * 2));
    jsc.setJobGroup("dgm-train", String.format("train: epoch %d, resampling %,d images by latent rarity (%s)",
        epoch, rows, config.resampling().estimator().label()), false);
    Broadcast<byte[]> zip = jsc.broadcast(modelBytes(model.network()));
    JavaRDD<LatentRow> latents = jsc.parallelize(files, slices).mapPartitions(new Encoder(zip, hadoop))
        .persist(StorageLevel.MEMORY_AND_DISK());
    if (trainingCodes == null) {
      trainingCodes = tallyOf(training);
    }
    List<JavaPairRDD<String, Double>> persisted = new ArrayList<>();
    List<Written> written;
    double effective = 0;
    try {
      int dims = model.network().getLayer(VaeNetwork.MU).getParam("b").columns();
      // One draw per class (the label column's codes, missing labels as their own stratum), each of the class's
      // size: the epoch keeps the classes' proportions, as the paper's lab draws positives by weight into half of
      // every minibatch; without it the weights shift the class balance (Fashion-MNIST tops: 50% -> 21%).
      long[] classCounts = java.util.Arrays.copyOf(trainingCodes[0], trainingCodes[0].length + 1);
      classCounts[classCounts.length - 1] = rows - java.util.Arrays.stream(trainingCodes[0]).sum();
      JavaPairRDD<String, Long> counts = null;
      for (int c = 0; c < classCounts.length; c++) {
        long n = classCounts[c];
        if (n == 0) {
          continue;
        }
        int code = c == classCounts.length - 1 ? BatchLabels.MISSING : c;
        JavaRDD<LatentRow> members = latents.filter(row -> ImageId.parse(row.id()).code() == code);
        JavaPairRDD<String, Double> logWeights = n < minWeightedRows()
            ? members.mapToPair(row -> new Tuple2<>(row.id(), 0.0)) // too few to estimate a density: uniform
            : LatentWeights.compute(jsc, members, n, dims, config.resampling(), Seeds.mix64(seed ^ epoch)).logWeights();
        persisted.add(logWeights);
        WeightStats classStats = WeightedDraw.stats(logWeights);
        if (classStats.count() == 0) {
          throw new IllegalStateException("epoch " + epoch + ": no image of class " + c + " has a finite latent "
              + "mean; the model diverged");
        }
        effective += classStats.effectiveSampleSize();
        JavaPairRDD<String, Long> drawn = WeightedDraw.draw(jsc, logWeights, classStats, n,
            Seeds.mix64(seed * 31 + epoch * 1_000_003L + c)).counts();
        counts = counts == null ? drawn : counts.union(drawn);
      }
      written = write(counts, training, folder, epoch, slices);
    } finally {
      persisted.forEach(JavaPairRDD::unpersist);
      latents.unpersist();
      zip.destroy();
      jsc.clearJobGroup();
    }
    written.sort(Comparator.comparingInt(w -> w.index));
    List<RunData.Minibatch> result = new ArrayList<>();
    long[][] drawnCodes = newTally();
    long drawn = 0;
    for (Written w : written) {
      result.add(new RunData.Minibatch(w.path, w.count));
      add(drawnCodes, w.codes);
      drawn += w.count;
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    record(epoch, rows, effective, drawnCodes, drawn, seconds);
    LOG.info(String.format("train: epoch %d draws %,d images by latent rarity within each class in %.1f s "
        + "(effective sample size %.0f of %,d)", epoch, drawn, seconds, effective, rows));
    return result;
  }

  /** Writes the drawn copies as minibatch files in a seeded random order. */
  private List<Written> write(JavaPairRDD<String, Long> counts, List<RunData.Minibatch> training, Path folder,
      int epoch, int slices) {
    long orderSeed = Seeds.mix64(seed * 1_000_003L + epoch);
    int perFile = batchSize;
    String target = folder.toString();
    Broadcast<SerializableConfiguration> conf = hadoop;
    Broadcast<String[]> sources = jsc.broadcast(training.stream().map(RunData.Minibatch::path)
        .toArray(String[]::new));
    try {
      // Every copy gets a seeded pseudo-random key; sorted by it, the copies' positions make the files.
      JavaRDD<String> ordered = counts.flatMapToPair(t -> {
        List<Tuple2<Long, String>> copies = new ArrayList<>();
        for (long c = 0; c < t._2(); c++) {
          copies.add(new Tuple2<>(Seeds.mix64(orderSeed ^ Seeds.mix64(t._1().hashCode() + (c << 32))), t._1()));
        }
        return copies.iterator();
      }).sortByKey(true, slices).values();
      JavaPairRDD<Integer, Tuple2<Integer, Integer>> placed = ordered.zipWithIndex().mapToPair(t -> {
        ImageId id = ImageId.parse(t._1());
        return new Tuple2<>(id.file(), new Tuple2<>(id.position(), (int) (t._2() / perFile)));
      });
      // Each source file is read once, and its drawn images go to their minibatch's group.
      JavaPairRDD<Integer, ImageCopy> copies = placed.groupByKey(slices).flatMapToPair(group -> {
        Path source = new Path(sources.value()[group._1()]);
        FileSystem fs = Storage.fs(source, conf.value().get());
        ImageBatchFile images;
        BatchLabels labels;
        try (InputStream in = fs.open(source)) {
          images = ImageBatchFile.read(in);
        }
        try (InputStream in = fs.open(new Path(BatchLabels.pathFor(source.toString())))) {
          labels = BatchLabels.read(in);
        }
        int bytes = images.imageBytes();
        int attributes = labels.attributes();
        List<Tuple2<Integer, ImageCopy>> result = new ArrayList<>();
        for (Tuple2<Integer, Integer> p : group._2()) {
          int at = p._1();
          result.add(new Tuple2<>(p._2(), new ImageCopy(
              java.util.Arrays.copyOfRange(images.pixels(), at * bytes, (at + 1) * bytes),
              java.util.Arrays.copyOfRange(labels.codes(), at * attributes, (at + 1) * attributes),
              images.channels(), images.height())));
        }
        return result.iterator();
      });
      int columns = labelColumns.size();
      List<Integer> valueCounts = labelValues.stream().map(List::size).toList();
      return new ArrayList<>(copies.groupByKey(slices)
          .map(batch -> Written.write(batch._1(), batch._2(), target, conf.value().get(), columns, valueCounts))
          .collect());
    } finally {
      sources.destroy();
    }
  }

  /** Appends the epoch's row to the resampling log. */
  private void record(int epoch, long rows, double effective, long[][] drawnCodes, long drawn, double seconds)
      throws IOException {
    if (log == null) {
      StringBuilder header = new StringBuilder("epoch,weighted_images,effective_sample_size");
      for (int c = 0; c < labelColumns.size(); c++) {
        for (String value : labelValues.get(c)) {
          String name = labelColumns.get(c) + "=" + value;
          header.append(",training_share[").append(csvSafe(name)).append("],drawn_share[").append(csvSafe(name))
              .append(']');
        }
      }
      header.append(",examples,seconds,examples_per_second");
      log = MetricsLog.openFile(new Path(out, DbVaeFolder.RESAMPLING), conf, epoch, header.toString());
    }
    List<Double> figures = new ArrayList<>(List.of((double) rows, effective));
    for (int c = 0; c < labelColumns.size(); c++) {
      long trainingTotal = java.util.Arrays.stream(trainingCodes[c]).sum();
      long drawnTotal = java.util.Arrays.stream(drawnCodes[c]).sum();
      for (int v = 0; v < labelValues.get(c).size(); v++) {
        figures.add(trainingTotal == 0 ? 0 : (double) trainingCodes[c][v] / trainingTotal);
        figures.add(drawnTotal == 0 ? 0 : (double) drawnCodes[c][v] / drawnTotal);
      }
    }
    log.append(epoch, figures.stream().mapToDouble(Double::doubleValue).toArray(), drawn, seconds);
  }

  private static String csvSafe(String name) {
    return name.replace(',', ' ').replace('"', ' ').replace('\n', ' ');
  }

  /** Per exported column, per value code, a count (codes past the values, i.e. missing, are not counted). */
  private long[][] newTally() {
    long[][] tally = new long[labelColumns.size()][];
    for (int c = 0; c < tally.length; c++) {
      tally[c] = new long[labelValues.get(c).size()];
    }
    return tally;
  }

  private static void add(long[][] into, long[][] from) {
    for (int c = 0; c < into.length; c++) {
      for (int v = 0; v < into[c].length; v++) {
        into[c][v] += from[c][v];
      }
    }
  }

  /** The value tally of the training files' labels, read in the executors. */
  private long[][] tallyOf(List<RunData.Minibatch> training) {
    Broadcast<SerializableConfiguration> conf = hadoop;
    List<Integer> valueCounts = labelValues.stream().map(List::size).toList();
    int slices = Math.max(1, Math.min(training.size(), jsc.defaultParallelism() * 2));
    long[][] zero = newTally();
    return jsc.parallelize(training.stream().map(RunData.Minibatch::path).toList(), slices).map(path -> {
      Path file = new Path(BatchLabels.pathFor(path));
      try (InputStream in = Storage.fs(file, conf.value().get()).open(file)) {
        return Written.tally(BatchLabels.read(in), valueCounts);
      }
    }).fold(zero, (a, b) -> {
      long[][] sum = new long[a.length][];
      for (int c = 0; c < a.length; c++) {
        sum[c] = a[c].clone();
        for (int v = 0; v < a[c].length; v++) {
          sum[c][v] += b[c][v];
        }
      }
      return sum;
    });
  }

  private static byte[] modelBytes(ComputationGraph net) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ModelSerializer.writeModel(net, bytes, false);
    return bytes.toByteArray();
  }

  /**
   * An image's id in the draw: its class (the label column's code), its minibatch file's index in the training list
   * and its position in the file, as {@code code|file:position}.
   */
  record ImageId(int code, int file, int position) {
    static ImageId parse(String id) {
      int bar = id.indexOf('|');
      int colon = id.indexOf(':', bar);
      return new ImageId(Integer.parseInt(id.substring(0, bar)), Integer.parseInt(id.substring(bar + 1, colon)),
          Integer.parseInt(id.substring(colon + 1)));
    }

    @Override
    public String toString() {
      return code + "|" + file + ":" + position;
    }
  }

  /** Fewest images of a class whose weights are estimated; a smaller class is drawn uniformly. */
  private int minWeightedRows() {
    return switch (config.resampling().estimator()) {
      // Enough rows for the smallest neighbourhood to hold a few rows.
      case MULTISCALE -> MULTISCALE_MIN_ROWS;
      case KNN, HISTOGRAM -> 2 * config.resampling().knn().k() + 1;
    };
  }

  /** Executor side: encodes a partition's minibatch files with the broadcast model; one latent row per image. */
  private static final class Encoder implements
      org.apache.spark.api.java.function.FlatMapFunction<Iterator<Tuple2<Integer, String>>, LatentRow> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<byte[]> zip;
    private final Broadcast<SerializableConfiguration> hadoop;

    Encoder(Broadcast<byte[]> zip, Broadcast<SerializableConfiguration> hadoop) {
      this.zip = zip;
      this.hadoop = hadoop;
    }

    @Override
    public Iterator<LatentRow> call(Iterator<Tuple2<Integer, String>> files) throws IOException {
      ComputationGraph net = ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(zip.value()), false);
      List<LatentRow> rows = new ArrayList<>();
      while (files.hasNext()) {
        Tuple2<Integer, String> file = files.next();
        Path path = new Path(file._2());
        ImageBatchFile images;
        try (InputStream in = Storage.fs(path, hadoop.value().get()).open(path)) {
          images = ImageBatchFile.read(in);
        }
        BatchLabels labels;
        Path labelFile = new Path(BatchLabels.pathFor(file._2()));
        try (InputStream in = Storage.fs(labelFile, hadoop.value().get()).open(labelFile)) {
          labels = BatchLabels.read(in);
        }
        INDArray x = ImagePixels.toInput(images);
        float[][] mu = VaeNetwork.activation(net, x, VaeNetwork.MU).toFloatMatrix();
        for (int i = 0; i < mu.length; i++) {
          int code = labels.code(i, DbVaeFamily.LABEL_COLUMN);
          rows.add(new LatentRow(new ImageId(code, file._1(), i).toString(), mu[i]));
        }
      }
      return rows.iterator();
    }
  }

  /** One drawn image on its way to its minibatch file: pixels, label codes and shape. */
  static final class ImageCopy implements Serializable {
    private static final long serialVersionUID = 1L;
    final byte[] pixels;
    final byte[] codes;
    final int channels;
    final int size;

    ImageCopy(byte[] pixels, byte[] codes, int channels, int size) {
      this.pixels = pixels;
      this.codes = codes;
      this.channels = channels;
      this.size = size;
    }
  }

  /** A written minibatch file: its number in the epoch's order, path, images, and label value tally. */
  static final class Written implements Serializable {
    private static final long serialVersionUID = 1L;
    final int index;
    final String path;
    final int count;
    final long[][] codes;

    Written(int index, String path, int count, long[][] codes) {
      this.index = index;
      this.path = path;
      this.count = count;
      this.codes = codes;
    }

    /** Writes minibatch {@code index} of the epoch (and its labels) into {@code folder}. */
    static Written write(int index, Iterable<ImageCopy> copies, String folder, Configuration conf, int columns,
        List<Integer> valueCounts) throws IOException {
      List<ImageCopy> list = new ArrayList<>();
      copies.forEach(list::add);
      ImageCopy first = list.get(0);
      int bytes = first.pixels.length;
      byte[] pixels = new byte[list.size() * bytes];
      byte[] codes = new byte[list.size() * columns];
      for (int i = 0; i < list.size(); i++) {
        System.arraycopy(list.get(i).pixels, 0, pixels, i * bytes, bytes);
        System.arraycopy(list.get(i).codes, 0, codes, i * columns, columns);
      }
      // The name depends only on the minibatch's number, so a retried task rewrites the same file.
      Path file = new Path(folder, String.format("batch-%06d.bin", index));
      FileSystem fs = Storage.fs(file, conf);
      try (OutputStream out = fs.create(file, true)) {
        new ImageBatchFile(list.size(), first.channels, first.size, first.size, pixels).write(out);
      }
      BatchLabels labels = new BatchLabels(list.size(), columns, codes);
      try (OutputStream out = fs.create(new Path(BatchLabels.pathFor(file.toString())), true)) {
        labels.write(out);
      }
      return new Written(index, file.toString(), list.size(), tally(labels, valueCounts));
    }

    /** Per column, per value code, the images with that code. */
    static long[][] tally(BatchLabels labels, List<Integer> valueCounts) {
      long[][] tally = new long[valueCounts.size()][];
      for (int c = 0; c < tally.length; c++) {
        tally[c] = new long[valueCounts.get(c)];
      }
      for (int i = 0; i < labels.count(); i++) {
        for (int c = 0; c < tally.length; c++) {
          int code = labels.code(i, c);
          if (code < tally[c].length) {
            tally[c][code]++;
          }
        }
      }
      return tally;
    }
  }
}
