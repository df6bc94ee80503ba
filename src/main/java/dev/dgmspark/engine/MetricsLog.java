package dev.dgmspark.engine;

import dev.dgmspark.io.Storage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * {@code metrics.csv}: one row per epoch, rewritten whole (atomically) after every epoch, so that a reader never
 * sees a torn line and a resumed run continues the same file.
 */
public final class MetricsLog {
  /** The header; columns are documented in the README. */
  public static final String HEADER =
      "epoch,loss,reconstruction,kl,train_score,examples,seconds,examples_per_second";

  private final Path file;
  private final Configuration conf;
  private final String header;
  private final List<String> rows = new ArrayList<>();

  private MetricsLog(Path file, Configuration conf, String header) {
    this.file = file;
    this.conf = conf;
    this.header = header;
  }

  /** Opens the log of a model folder, keeping the rows of epochs before {@code firstNewEpoch}. */
  public static MetricsLog open(Path modelFolder, Configuration conf, int firstNewEpoch) throws IOException {
    return open(modelFolder, conf, firstNewEpoch, HEADER);
  }

  /**
   * Opens a log with its own columns ({@code header} starts with {@code epoch} and ends with
   * {@code examples,seconds,examples_per_second}), keeping the rows of epochs before {@code firstNewEpoch}.
   */
  public static MetricsLog open(Path modelFolder, Configuration conf, int firstNewEpoch, String header)
      throws IOException {
    return openFile(new Path(modelFolder, ModelFolder.METRICS), conf, firstNewEpoch, header);
  }

  /** As {@link #open(Path, Configuration, int, String)} for a per-epoch log other than {@code metrics.csv}. */
  public static MetricsLog openFile(Path file, Configuration conf, int firstNewEpoch, String header)
      throws IOException {
    MetricsLog log = new MetricsLog(file, conf, header);
    if (firstNewEpoch > 1 && Storage.fs(log.file, conf).exists(log.file)) {
      for (String line : Storage.readString(log.file, conf).split("\n")) {
        if (line.isBlank() || line.startsWith("epoch")) {
          continue;
        }
        int epoch = Integer.parseInt(line.substring(0, line.indexOf(',')));
        if (epoch < firstNewEpoch) {
          log.rows.add(line);
        }
      }
    }
    return log;
  }

  /** Appends an epoch and rewrites the file. */
  public void append(int epoch, double loss, double reconstruction, double kl, double trainScore, long examples,
      double seconds) throws IOException {
    append(epoch, new double[] {loss, reconstruction, kl, trainScore}, examples, seconds);
  }

  /** Appends an epoch with the figures of the columns between {@code epoch} and {@code examples}. */
  public void append(int epoch, double[] figures, long examples, double seconds) throws IOException {
    StringBuilder row = new StringBuilder().append(epoch);
    for (double figure : figures) {
      row.append(String.format(Locale.ROOT, ",%.4f", figure));
    }
    rows.add(row.append(String.format(Locale.ROOT, ",%d,%.3f,%.1f", examples, seconds,
        examples / Math.max(seconds, 1e-9))).toString());
    StringBuilder text = new StringBuilder(header).append('\n');
    rows.forEach(r -> text.append(r).append('\n'));
    Storage.writeAtomically(file, text.toString().getBytes(StandardCharsets.UTF_8), conf);
  }

  /** The data rows so far. */
  public List<String> rows() {
    return List.copyOf(rows);
  }
}
