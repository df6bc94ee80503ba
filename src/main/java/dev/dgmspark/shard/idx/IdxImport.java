package dev.dgmspark.shard.idx;

import com.univocity.parsers.csv.CsvWriter;
import dev.dgmspark.common.ProgressLog;
import dev.dgmspark.common.UsageException;
import dev.dgmspark.io.Csv;
import dev.dgmspark.io.OutputFolder;
import dev.dgmspark.io.PngWriter;
import dev.dgmspark.io.Storage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code import} step for IDX files: writes every image of an {@code *-images-idx3-ubyte[.gz]} file as a grey PNG
 * ({@code img-NNNNNN.png}, numbered in file order) and, when a labels file is given, an {@code attributes.csv}
 * ({@code file,label}) that the shard job joins as a {@code label} attribute column.
 *
 * <p>The output folder is prepared as every job's ({@link OutputFolder}), with {@code attributes.csv} as the marker
 * of a finished import; it is written last and atomically ({@link Storage#writeAtomically}), as {@code synth} does,
 * so a folder that has it holds a complete import. Without labels the folder gets an {@code attributes.csv} with an
 * empty {@code label} column, so the marker rule holds and the shard job still sees the column. Every image is
 * accounted for: the counts of the two files must match, and a truncated file fails the import before the marker is
 * written.
 */
public final class IdxImport {
  /** The attribute table written next to the images; the shard job reads it by this name. */
  public static final String ATTRIBUTES_CSV = "attributes.csv";
  /** The attribute column holding the label. */
  public static final String LABEL_COLUMN = "label";

  /** The images the import writes (the folder's other names are the marker and hidden files). */
  private static final Pattern IMAGE_FILE = Pattern.compile("img-\\d{6,}\\.png");
  private static final Logger LOG = LoggerFactory.getLogger(IdxImport.class);

  private IdxImport() {}

  /** What was written: image count, shape, per-label counts and timing. */
  public record Result(String out, long images, int rows, int columns, Map<String, Long> labelCounts,
      double seconds) {}

  /**
   * Runs the import. Bad input files are {@link UsageException}s naming the option.
   *
   * @throws dev.dgmspark.io.OutputFolderException if the output is a file, holds other files, or holds a finished
   *     import and overwrite is off
   */
  public static Result run(ImportOptions options, Configuration conf) throws IOException {
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
      OutputFolder folder = OutputFolder.prepare(out, conf, options.overwrite(), ATTRIBUTES_CSV,
          name -> IMAGE_FILE.matcher(name).matches());
      FileSystem fs = folder.fs();
      int rows = images.dims()[1];
      int columns = images.dims()[2];
      int count = images.count();
      LOG.info("import: {} images of {}x{} from {}{} -> {}", count, rows, columns, imagesPath,
          labelsPath == null ? "" : " with labels from " + labelsPath, out);
      byte[] pixels = new byte[images.itemBytes()];
      byte[] label = new byte[1];
      BufferedImage image = new BufferedImage(columns, rows, BufferedImage.TYPE_BYTE_GRAY);
      String[] names = new String[count];
      Map<String, Long> labelCounts = new TreeMap<>();
      ProgressLog progress = new ProgressLog(LOG, "import", 0, count, "images");
      try (PngWriter png = new PngWriter(PngWriter.DEFAULT)) {
        for (int i = 0; i < count; i++) {
          readItem(images, pixels, "--idx");
          image.getRaster().setDataElements(0, 0, columns, rows, pixels);
          try (OutputStream o = fs.create(folder.resolve(imageFileName(i, count)), true)) {
            o.write(png.encode(image));
          }
          if (labels != null) {
            readItem(labels, label, "--labels");
            names[i] = labelName(label[0] & 0xff, options.labelNames(), options.labels());
            labelCounts.merge(names[i], 1L, Long::sum);
          }
          progress.unitsDone(1);
        }
      }
      if (images.hasTrailingBytes()) {
        LOG.warn("import: {} has bytes after its {} declared images; they were ignored", imagesPath, count);
      }
      writeAttributes(folder.resolve(ATTRIBUTES_CSV), names, conf);
      double seconds = (System.nanoTime() - start) / 1e9;
      LOG.info("import: wrote {} images and {} in {} s ({} images/s); labels {}", count, ATTRIBUTES_CSV,
          String.format(Locale.ROOT, "%.2f", seconds), Math.round(count / Math.max(seconds, 1e-9)), labelCounts);
      return new Result(out.toString(), count, rows, columns, labelCounts, seconds);
    }
  }

  /** Publishes {@code attributes.csv}: a {@code file,label} row per image, the label empty where none was read. */
  private static void writeAttributes(Path target, String[] labels, Configuration conf) throws IOException {
    Storage.writeAtomically(target, conf, out -> {
      CsvWriter csv = Csv.writer(out);
      csv.writeRow("file", LABEL_COLUMN);
      for (int i = 0; i < labels.length; i++) {
        csv.writeRow(imageFileName(i, labels.length), labels[i]);
      }
      csv.flush();
    });
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
}
