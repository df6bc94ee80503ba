package dev.dgmspark.train;

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
  private final List<String> rows = new ArrayList<>();

  private MetricsLog(Path file, Configuration conf) {
    this.file = file;
    this.conf = conf;
  }

  /** Opens the log of a model folder, keeping the rows of epochs before {@code firstNewEpoch}. */
  public static MetricsLog open(Path modelFolder, Configuration conf, int firstNewEpoch) throws IOException {
    MetricsLog log = new MetricsLog(new Path(modelFolder, ModelFolder.METRICS), conf);
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
    rows.add(String.format(Locale.ROOT, "%d,%.4f,%.4f,%.4f,%.4f,%d,%.3f,%.1f", epoch, loss, reconstruction, kl,
        trainScore, examples, seconds, examples / Math.max(seconds, 1e-9)));
    StringBuilder text = new StringBuilder(HEADER).append('\n');
    rows.forEach(r -> text.append(r).append('\n'));
    Storage.writeAtomically(file, text.toString().getBytes(StandardCharsets.UTF_8), conf);
  }

  /** The data rows so far. */
  public List<String> rows() {
    return List.copyOf(rows);
  }
}
