package dev.dgmspark.synth;

import java.awt.image.BufferedImage;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import dev.dgmspark.io.PngWriter;
import dev.dgmspark.io.Storage;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a synthetic face dataset: {@code img-000000.png ...} and an {@code attributes.csv} naming each picture's
 * attribute values.
 *
 * <p>Every picture depends only on (seed, index, size, shares), so the files are byte-identical whatever the thread
 * count. Pictures are rendered and encoded independently by a fixed pool of threads that take chunks of indices
 * from a shared counter. {@code attributes.csv} is written last, under a temporary name starting with {@code _}
 * (which Hadoop and Spark readers skip), then renamed, so a reader that finds it finds it complete and can trust
 * that every picture it names exists. On S3 the rename is a copy, which is still all-or-nothing per object.
 *
 * <p>All files go through Hadoop's {@link FileSystem}, so the output may be {@code file:}, {@code hdfs:} or
 * {@code s3a:}.
 */
public final class SynthGenerator {

  /** Name of the attribute table written next to the pictures. */
  public static final String ATTRIBUTES_CSV = "attributes.csv";

  /** Header cell of the CSV column holding picture file names. */
  public static final String FILE_COLUMN = "file";

  static final String TEMP_CSV = "_" + ATTRIBUTES_CSV + ".tmp";
  private static final Pattern GENERATED_FILE =
      Pattern.compile("\\.?(img-\\d{6,}\\.png|" + Pattern.quote(ATTRIBUTES_CSV) + "|" + Pattern.quote(TEMP_CSV)
          + ")(\\.crc)?");
  /** Small chunks balance load between threads; the shared counter makes them nearly free. */
  private static final int CHUNK = 32;
  private static final Logger LOG = LoggerFactory.getLogger(SynthGenerator.class);

  private final FaceRenderer renderer = new FaceRenderer();

  /**
   * Writes the dataset described by {@code request} and returns counts and speed.
   *
   * @throws IllegalArgumentException if the output is a file, or a non-empty folder without overwrite
   * @throws IOException if writing fails; pictures written so far stay, but no {@code attributes.csv} appears
   */
  public SynthResult generate(SynthRequest request) throws IOException {
    // The disk cache only slows down in-memory encoding and needs a writable temp folder on executors.
    ImageIO.setUseCache(false);
    long start = System.nanoTime();
    int count = request.count();
    int attributeCount = FaceAttribute.all().size();
    if (count > Integer.MAX_VALUE / attributeCount) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "count %d is out of range; allowed: <= %d", count,
          Integer.MAX_VALUE / attributeCount));
    }
    Path output = request.output();
    FileSystem fs = Storage.fs(output, request.conf());
    byte[] values = new byte[count * attributeCount];
    prepareFolder(fs, output, request.overwrite());
    LOG.info("synth: writing {} pictures of {}x{} to {} with {} threads, seed {}, shares {}", count,
        request.size(), request.size(), output, request.threads(), request.seed(), request.shares());
    renderAll(request, fs, values);
    writeCsv(fs, output, count, values);

    double seconds = Math.max(1e-9, (System.nanoTime() - start) / 1e9);
    double rate = count / seconds;
    LOG.info("synth: wrote {} pictures and {} in {} s ({} pictures/s)", count, ATTRIBUTES_CSV,
        String.format(Locale.ROOT, "%.2f", seconds), Math.round(rate));
    return new SynthResult(count, seconds, rate, valueCounts(values, count));
  }

  /**
   * Returns the file name of picture {@code index} in a dataset of {@code count} pictures: zero-padded to six digits,
   * or more when {@code count} needs them, so names sort in index order.
   */
  public static String imageFileName(int index, int count) {
    int digits = Math.max(6, Integer.toString(Math.max(0, count - 1)).length());
    String number = Integer.toString(index);
    return "img-" + "0".repeat(Math.max(0, digits - number.length())) + number + ".png";
  }


  private static void prepareFolder(FileSystem fs, Path output, boolean overwrite) throws IOException {
    if (!fs.exists(output)) {
      if (!fs.mkdirs(output)) {
        throw new IOException("could not create output folder " + output);
      }
      return;
    }
    if (!fs.getFileStatus(output).isDirectory()) {
      throw new IllegalArgumentException("output " + output + " is a file; allowed: a new or empty folder");
    }
    FileStatus[] entries = fs.listStatus(output);
    if (entries.length == 0) {
      return;
    }
    if (!overwrite) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "output folder %s is not empty (%d entries, e.g. %s); choose a new folder or enable overwrite to replace "
              + "a previous dataset", output, entries.length, entries[0].getPath().getName()));
    }
    // The old table goes first so no reader pairs it with a mix of old and new pictures.
    Path oldCsv = new Path(output, ATTRIBUTES_CSV);
    if (fs.exists(oldCsv)) {
      fs.delete(oldCsv, false);
    }
    int deleted = 0;
    for (FileStatus entry : entries) {
      if (entry.isFile() && GENERATED_FILE.matcher(entry.getPath().getName()).matches()) {
        fs.delete(entry.getPath(), false);
        deleted++;
      }
    }
    LOG.info("synth: overwrite: deleted {} files of a previous dataset in {}", deleted, output);
  }

  private void renderAll(SynthRequest request, FileSystem fs, byte[] values) throws IOException {
    int threads = Math.min(request.threads(), (request.count() + CHUNK - 1) / CHUNK);
    AtomicInteger nextIndex = new AtomicInteger();
    AtomicReference<Exception> failure = new AtomicReference<>();
    Progress progress = new Progress(request.count());
    List<Callable<Void>> workers = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      workers.add(() -> {
        try {
          renderChunks(request, fs, values, nextIndex, failure, progress);
        } catch (Exception e) {
          failure.compareAndSet(null, e);
        }
        return null;
      });
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads, new RenderThreadFactory());
    try {
      pool.invokeAll(workers);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while writing pictures to " + request.output());
    } finally {
      pool.shutdownNow();
    }
    Exception e = failure.get();
    if (e instanceof IOException) {
      throw (IOException) e;
    }
    if (e instanceof RuntimeException) {
      throw (RuntimeException) e;
    }
    if (e != null) {
      throw new IOException("writing pictures to " + request.output() + " failed", e);
    }
  }

  private void renderChunks(SynthRequest request, FileSystem fs, byte[] values, AtomicInteger nextIndex,
      AtomicReference<Exception> failure, Progress progress) throws IOException {
    int count = request.count();
    List<FaceAttribute> attributes = FaceAttribute.all();
    BufferedImage image = new BufferedImage(request.size(), request.size(), BufferedImage.TYPE_3BYTE_BGR);
    try (PngWriter encoder = new PngWriter(PngWriter.FASTEST)) {
      int from;
      while (failure.get() == null && (from = nextIndex.getAndAdd(CHUNK)) < count) {
        int to = Math.min(count, from + CHUNK);
        for (int index = from; index < to; index++) {
          FaceSpec spec = FaceSampler.sample(request.seed(), index, request.shares());
          renderer.renderInto(spec, image);
          byte[] png = encoder.encode(image);
          try (FSDataOutputStream out = fs.create(new Path(request.output(), imageFileName(index, count)), true)) {
            out.write(png);
          }
          for (int a = 0; a < attributes.size(); a++) {
            FaceAttribute attribute = attributes.get(a);
            values[index * attributes.size() + a] = (byte) attribute.valueIndex(spec.value(attribute));
          }
          progress.pictureDone();
        }
      }
    }
  }

  private static void writeCsv(FileSystem fs, Path output, int count, byte[] values) throws IOException {
    List<FaceAttribute> attributes = FaceAttribute.all();
    Path temp = new Path(output, TEMP_CSV);
    Path target = new Path(output, ATTRIBUTES_CSV);
    try (Writer csv = new BufferedWriter(new OutputStreamWriter(fs.create(temp, true), StandardCharsets.UTF_8))) {
      csv.write(FILE_COLUMN);
      for (FaceAttribute attribute : attributes) {
        csv.write(',');
        csv.write(attribute.attributeName());
      }
      csv.write('\n');
      for (int index = 0; index < count; index++) {
        csv.write(imageFileName(index, count));
        for (int a = 0; a < attributes.size(); a++) {
          csv.write(',');
          csv.write(attributes.get(a).valueName(values[index * attributes.size() + a]));
        }
        csv.write('\n');
      }
    }
    if (fs.exists(target)) {
      fs.delete(target, false); // HDFS rename does not replace; only reachable if another writer raced us
    }
    if (!fs.rename(temp, target)) {
      throw new IOException("could not rename " + temp + " to " + target);
    }
  }

  private static Map<String, Map<String, Long>> valueCounts(byte[] values, int count) {
    List<FaceAttribute> attributes = FaceAttribute.all();
    Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
    for (int a = 0; a < attributes.size(); a++) {
      FaceAttribute attribute = attributes.get(a);
      long[] perValue = new long[attribute.valueCount()];
      for (int index = 0; index < count; index++) {
        perValue[values[index * attributes.size() + a]]++;
      }
      Map<String, Long> byName = new LinkedHashMap<>();
      for (int v = 0; v < perValue.length; v++) {
        byName.put(attribute.valueName(v), perValue[v]);
      }
      counts.put(attribute.attributeName(), byName);
    }
    return counts;
  }

  /** Logs a progress line each time another tenth of the pictures is done, with the rate so far. */
  private static final class Progress {
    private final int count;
    private final int step;
    private final long start = System.nanoTime();
    private final AtomicInteger done = new AtomicInteger();

    Progress(int count) {
      this.count = count;
      this.step = Math.max(1, count / 10);
    }

    void pictureDone() {
      int d = done.incrementAndGet();
      if (d % step == 0 || d == count) {
        double seconds = Math.max(1e-9, (System.nanoTime() - start) / 1e9);
        LOG.info("synth: {}/{} pictures ({}%), {} pictures/s", d, count, 100L * d / count, Math.round(d / seconds));
      }
    }
  }

  /** Names render threads for thread dumps and makes them daemons so a failed run cannot keep the JVM alive. */
  private static final class RenderThreadFactory implements ThreadFactory {
    private final AtomicInteger number = new AtomicInteger();

    @Override
    public Thread newThread(Runnable task) {
      Thread thread = new Thread(task, "synth-render-" + number.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    }
  }
}
