package dev.dgmspark.engine;

import dev.dgmspark.io.Storage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The per-epoch checkpoints of a model folder: {@code checkpoints/epoch-NNNN.zip}, each the family's model file
 * (networks with their updater states), published only once complete.
 */
public final class Checkpoints {
  /** Folder of checkpoints inside a model folder. */
  public static final String FOLDER = "checkpoints";
  private static final Pattern NAME = Pattern.compile("epoch-(\\d+)\\.zip");

  private final Path folder;
  private final Configuration conf;

  public Checkpoints(Path modelFolder, Configuration conf) {
    this.folder = new Path(modelFolder, FOLDER);
    this.conf = conf;
  }

  /** The checkpoint file of an epoch. */
  public Path path(int epoch) {
    return new Path(folder, String.format("epoch-%04d.zip", epoch));
  }

  /** Writes what {@code writer} produces (the model's networks and updater states) as the checkpoint of {@code epoch}. */
  public Path write(int epoch, StreamWriter writer) throws IOException {
    Storage.fs(folder, conf).mkdirs(folder);
    Path target = path(epoch);
    writeStream(target, conf, writer);
    return target;
  }

  /** Writes a file from a stream writer, published only once complete. */
  public static void writeStream(Path target, Configuration conf, StreamWriter writer) throws IOException {
    Storage.writeAtomically(target, conf, writer::write);
  }

  /** Writes a file's content to a stream. */
  @FunctionalInterface
  public interface StreamWriter {
    void write(OutputStream out) throws IOException;
  }

  /**
   * The epoch {@code --resume} continues after: the last checkpoint's in a model folder with a description, which
   * must be below {@code epochs}; otherwise a usage error that says why.
   */
  public int resumeEpoch(String given, int epochs) throws IOException {
    Path modelFolder = folder.getParent();
    OptionalInt latest = Storage.fs(folder, conf).exists(new Path(modelFolder, ModelFolder.DESCRIPTOR))
        ? latestEpoch() : OptionalInt.empty();
    if (latest.isEmpty()) {
      throw new dev.dgmspark.common.UsageException("--resume: --out " + given
          + " holds no checkpoint to resume from");
    }
    if (latest.getAsInt() >= epochs) {
      throw new dev.dgmspark.common.UsageException("--resume: " + latest.getAsInt() + " epochs are done already; "
          + "pass --epochs greater than " + latest.getAsInt());
    }
    return latest.getAsInt();
  }

  /** The highest epoch with a checkpoint, if any. */
  public OptionalInt latestEpoch() throws IOException {
    FileSystem fs = Storage.fs(folder, conf);
    if (!fs.exists(folder)) {
      return OptionalInt.empty();
    }
    int latest = -1;
    for (FileStatus status : fs.listStatus(folder)) {
      Matcher m = NAME.matcher(status.getPath().getName());
      if (m.matches()) {
        latest = Math.max(latest, Integer.parseInt(m.group(1)));
      }
    }
    return latest < 0 ? OptionalInt.empty() : OptionalInt.of(latest);
  }

}
