package dev.dgmspark.shard.idx;

import dev.dgmspark.common.UsageException;
import dev.dgmspark.io.Storage;
import dev.dgmspark.report.ImageGrid;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code import} step for IDX files: writes every image of an {@code *-images-idx3-ubyte[.gz]} file as a grey PNG
 * ({@code img-NNNNNN.png}, numbered in file order) and, when a labels file is given, an {@code attributes.csv}
 * ({@code file,label}) that the shard job joins as a {@code label} attribute column.
 *
 * <p>{@code attributes.csv} is written last and atomically, as {@code synth} does: a folder that has it holds a
 * complete import. Without labels the folder gets an {@code attributes.csv} with an empty {@code label} column, so the
 * marker rule holds and the shard job still sees the column. Every image is accounted for: the counts of the two files
 * must match, and a truncated file fails the import before the marker is written.
 */
public final class IdxImport {
  /** The attribute table written next to the images; the shard job reads it by this name. */
  public static final String ATTRIBUTES_CSV = "attributes.csv";
  /** The attribute column holding the label. */
  public static final String LABEL_COLUMN = "label";

  private static final Pattern OUR_FILE = Pattern.compile("\\.?(img-\\d{6,}\\.png|attributes\\.csv)(\\.crc)?"
      + "|\\.attributes\\.csv\\..*\\.tmp(\\.crc)?");
  private static final Logger LOG = LoggerFactory.getLogger(IdxImport.class);
  private static final int PROGRESS_EVERY = 10_000;

  private IdxImport() {}

  /**
   * What to import.
   *
   * @param images the images IDX file (any Hadoop file system path)
   * @param labels the labels IDX file, or null
   * @param labelNames names of labels 0, 1, ...; empty writes the numbers
   * @param out output folder
   * @param overwrite replace an earlier import in {@code out}
   */
  public record Options(String images, String labels, List<String> labelNames, String out, boolean overwrite) {
    public Options {
      labelNames = List.copyOf(labelNames);
    }
  }

  /** What was written: image count, shape, per-label counts and timing. */
  public record Result(String out, long images, int rows, int columns, Map<String, Long> labelCounts,
      double seconds) {}

  /** Runs the import. Bad input files and folders are {@link UsageException}s naming the option. */
  public static Result run(Options options, Configuration conf) throws IOException {
    long start = System.nanoTime();
    Path imagesPath = Storage.qualify(options.images(), conf);
    Path labelsPath = options.labels() == null ? null : Storage.qualify(options.labels(), conf);
    Path out = Storage.qualify(options.out(), conf);
    FileSystem inFs = Storage.fs(imagesPath, conf);
    if (!inFs.exists(imagesPath)) {
      throw new UsageException("--idx " + options.images() + " does not exist");
    }
    if (labelsPath != null && !Storage.fs(labelsPath, conf).exists(labelsPath)) {
      throw new UsageException("--labels " + options.labels() + " does not exist");
    }
    try (IdxFile images = openChecked("--idx", imagesPath, conf);
        IdxFile labels = labelsPath == null ? null : openChecked("--labels", labelsPath, conf)) {
      if (images.dims().length != 3) {
        throw new UsageException(String.format("--idx %s has %d dimensions %s; images need 3 (count, rows, "
            + "columns)", options.images(), images.dims().length, java.util.Arrays.toString(images.dims())));
      }
      if (labels != null && (labels.dims().length != 1 || labels.count() != images.count())) {
        throw new UsageException(String.format("--labels %s declares %s; expected one label per image, %d",
            options.labels(), java.util.Arrays.toString(labels.dims()), images.count()));
      }
      FileSystem fs = Storage.fs(out, conf);
      prepare(fs, out, options.overwrite());
      int rows = images.dims()[1];
      int columns = images.dims()[2];
      int count = images.count();
      LOG.info("import: {} images of {}x{} from {}{} -> {}", count, rows, columns, imagesPath,
          labelsPath == null ? "" : " with labels from " + labelsPath, out);
      byte[] pixels = new byte[images.itemBytes()];
      byte[] label = new byte[1];
      BufferedImage image = new BufferedImage(columns, rows, BufferedImage.TYPE_BYTE_GRAY);
      StringBuilder csv = new StringBuilder("file," + LABEL_COLUMN + "\n");
      Map<String, Long> labelCounts = new TreeMap<>();
      long lastLog = System.nanoTime();
      for (int i = 0; i < count; i++) {
        readItem(images, pixels, "--idx");
        image.getRaster().setDataElements(0, 0, columns, rows, pixels);
        String file = imageFileName(i, count);
        try (OutputStream o = fs.create(new Path(out, file), true)) {
          o.write(ImageGrid.png(image));
        }
        String name = "";
        if (labels != null) {
          readItem(labels, label, "--labels");
          name = labelName(label[0] & 0xff, options.labelNames(), options.labels());
          labelCounts.merge(name, 1L, Long::sum);
        }
        csv.append(file).append(',').append(name).append('\n');
        if ((i + 1) % PROGRESS_EVERY == 0 && System.nanoTime() - lastLog > 5e9) {
          double seconds = (System.nanoTime() - start) / 1e9;
          LOG.info("import: {} of {} images written ({} images/s)", i + 1, count, Math.round((i + 1) / seconds));
          lastLog = System.nanoTime();
        }
      }
      if (images.hasTrailingBytes()) {
        LOG.warn("import: {} has bytes after its {} declared images; they were ignored", imagesPath, count);
      }
      Storage.writeAtomically(new Path(out, ATTRIBUTES_CSV), csv.toString().getBytes(StandardCharsets.UTF_8), conf);
      double seconds = (System.nanoTime() - start) / 1e9;
      LOG.info("import: wrote {} images and {} in {} s ({} images/s); labels {}", count, ATTRIBUTES_CSV,
          String.format(Locale.ROOT, "%.2f", seconds), Math.round(count / Math.max(seconds, 1e-9)), labelCounts);
      return new Result(out.toString(), count, rows, columns, labelCounts, seconds);
    }
  }

  /** The file name of image {@code index} of {@code count}: zero-padded to at least six digits, as synth names. */
  public static String imageFileName(int index, int count) {
    int digits = Math.max(6, Integer.toString(Math.max(0, count - 1)).length());
    return String.format(Locale.ROOT, "img-%0" + digits + "d.png", index);
  }

  private static String labelName(int label, List<String> names, String option) throws UsageException {
    if (names.isEmpty()) {
      return Integer.toString(label);
    }
    if (label >= names.size()) {
      throw new UsageException(String.format("--labels %s holds label %d but --label-names names only %d labels "
          + "(0 to %d)", option, label, names.size(), names.size() - 1));
    }
    return names.get(label);
  }

  private static void readItem(IdxFile file, byte[] into, String option) throws IOException {
    try {
      file.readItem(into);
    } catch (IdxFormatException e) {
      throw new UsageException(option + ": " + e.getMessage());
    }
  }

  private static IdxFile openChecked(String option, Path path, Configuration conf) throws IOException {
    try {
      return IdxFile.open(Storage.fs(path, conf).open(path), path.toString());
    } catch (IdxFormatException e) {
      throw new UsageException(option + ": " + e.getMessage());
    }
  }

  /** Creates {@code out}, or cleans an earlier import from it; refuses a folder holding files it did not write. */
  private static void prepare(FileSystem fs, Path out, boolean overwrite) throws IOException {
    if (!fs.exists(out)) {
      if (!fs.mkdirs(out)) {
        throw new IOException("cannot create the output folder " + out);
      }
      return;
    }
    if (!fs.getFileStatus(out).isDirectory()) {
      throw new UsageException("--out " + out + " is a file; give a folder");
    }
    FileStatus[] entries = fs.listStatus(out);
    if (entries.length == 0) {
      return;
    }
    for (FileStatus entry : entries) {
      if (!entry.isFile() || !OUR_FILE.matcher(entry.getPath().getName()).matches()) {
        throw new UsageException("--out " + out + " holds " + entry.getPath().getName()
            + ", which import did not write; give an empty or new folder");
      }
    }
    if (!overwrite) {
      throw new UsageException("--out " + out + " already holds an import (" + entries.length
          + " files); pass --overwrite to replace it");
    }
    // The marker goes first, so a crash half-way never leaves old images beside a table that looks complete.
    fs.delete(new Path(out, ATTRIBUTES_CSV), false);
    for (FileStatus entry : entries) {
      fs.delete(entry.getPath(), false);
    }
  }
}
