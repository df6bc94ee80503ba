package dev.dgmspark.synth;

import com.univocity.parsers.csv.CsvWriter;
import dev.dgmspark.common.ProgressLog;
import dev.dgmspark.io.Csv;
import dev.dgmspark.io.OutputFolder;
import dev.dgmspark.io.PngWriter;
import dev.dgmspark.io.Storage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InterruptedIOException;
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
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a synthetic face dataset: {@code img-000000.png ...} and an {@code attributes.csv} naming each picture's
 * attribute values. With {@link SynthRequest#pairs()} every face is drawn twice, identical but for one attribute,
 * and the CSV's last column ({@value PairSpec#PAIR_COLUMN}) names each picture's pair.
 *
 * <p>Every picture depends only on (seed, index, size, shares), so the files are byte-identical whatever the thread
 * count. Pictures are rendered and encoded independently by a fixed pool of threads that take chunks of indices
 * from a shared counter. {@code attributes.csv} is written last and published atomically
 * ({@link Storage#writeAtomically}), so a reader that finds it finds it complete and can trust that every picture it
 * names exists. The folder is prepared as every job's output folder is ({@link OutputFolder}): {@code attributes.csv}
 * marks a finished dataset, which only {@code overwrite} replaces; pictures of an unfinished one are cleaned; files
 * this generator does not write are refused.
 *
 * <p>All files go through Hadoop's {@link FileSystem}, so the output may be {@code file:}, {@code hdfs:} or
 * {@code s3a:}.
 */
public final class SynthGenerator {

  /** Name of the attribute table written next to the pictures. */
  public static final String ATTRIBUTES_CSV = "attributes.csv";

  /** Header cell of the CSV column holding picture file names. */
  public static final String FILE_COLUMN = "file";

  /** The pictures, and the checksum side files a checksummed Hadoop file system may add. */
  private static final Pattern GENERATED_FILE = Pattern.compile("img-\\d{6,}\\.png(\\.crc)?");
  /** Small chunks balance load between threads; the shared counter makes them nearly free. */
  private static final int CHUNK = 32;
  private static final Logger LOG = LoggerFactory.getLogger(SynthGenerator.class);

  private final FaceRenderer renderer = new FaceRenderer();

  /**
   * Writes the dataset described by {@code request} and returns counts and speed.
   *
   * @throws dev.dgmspark.io.OutputFolderException if the output is a file, holds other files, or holds a finished
   *     dataset and overwrite is off
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
    OutputFolder.prepare(output, request.conf(), request.overwrite(), ATTRIBUTES_CSV,
        name -> GENERATED_FILE.matcher(name).matches());
    LOG.info("synth: writing {} pictures of {}x{} to {} with {} threads, seed {}, shares {}{}", count,
        request.size(), request.size(), output, request.threads(), request.seed(), request.shares(),
        request.pairs() == null ? "" : ", in pairs differing in " + request.pairs());
    renderAll(request, fs, values);
    writeCsv(output, request, values);

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


  private void renderAll(SynthRequest request, FileSystem fs, byte[] values) throws IOException {
    int threads = Math.min(request.threads(), (request.count() + CHUNK - 1) / CHUNK);
    AtomicInteger nextIndex = new AtomicInteger();
    AtomicReference<Exception> failure = new AtomicReference<>();
    ProgressLog progress = new ProgressLog(LOG, "synth", 0, request.count(), "pictures");
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
      AtomicReference<Exception> failure, ProgressLog progress) throws IOException {
    int count = request.count();
    List<FaceAttribute> attributes = FaceAttribute.all();
    BufferedImage image = new BufferedImage(request.size(), request.size(), BufferedImage.TYPE_3BYTE_BGR);
    try (PngWriter encoder = new PngWriter(PngWriter.FASTEST)) {
      int from;
      while (failure.get() == null && (from = nextIndex.getAndAdd(CHUNK)) < count) {
        int to = Math.min(count, from + CHUNK);
        for (int index = from; index < to; index++) {
          FaceSpec spec = request.pairs() == null ? FaceSampler.sample(request.seed(), index, request.shares())
              : request.pairs().face(request.seed(), index, request.shares());
          renderer.renderInto(spec, image);
          byte[] png = encoder.encode(image);
          try (FSDataOutputStream out = fs.create(new Path(request.output(), imageFileName(index, count)), true)) {
            out.write(png);
          }
          for (int a = 0; a < attributes.size(); a++) {
            FaceAttribute attribute = attributes.get(a);
            values[index * attributes.size() + a] = (byte) attribute.valueIndex(spec.value(attribute));
          }
          progress.unitsDone(1);
        }
      }
    }
  }

  private static void writeCsv(Path output, SynthRequest request, byte[] values) throws IOException {
    List<FaceAttribute> attributes = FaceAttribute.all();
    int count = request.count();
    Storage.writeAtomically(new Path(output, ATTRIBUTES_CSV), request.conf(), out -> {
      CsvWriter csv = Csv.writer(out);
      boolean paired = request.pairs() != null;
      String[] row = new String[attributes.size() + (paired ? 2 : 1)];
      row[0] = FILE_COLUMN;
      for (int a = 0; a < attributes.size(); a++) {
        row[a + 1] = attributes.get(a).attributeName();
      }
      if (paired) {
        row[row.length - 1] = PairSpec.PAIR_COLUMN;
      }
      csv.writeRow((Object[]) row);
      for (int index = 0; index < count; index++) {
        row[0] = imageFileName(index, count);
        for (int a = 0; a < attributes.size(); a++) {
          row[a + 1] = attributes.get(a).valueName(values[index * attributes.size() + a]);
        }
        if (paired) {
          row[row.length - 1] = PairSpec.pairId(index, count);
        }
        csv.writeRow((Object[]) row);
      }
      csv.flush();
    });
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
