package dev.dgmspark.engine;

import dev.dgmspark.io.Storage;
import dev.dgmspark.minibatch.BatchLabels;
import dev.dgmspark.minibatch.ImageBatchFile;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Reads exported minibatch files (and their labels when the family needs them) from any Hadoop file system. */
public final class MinibatchFiles {
  private MinibatchFiles() {}

  /** The family's minibatch for the file at {@code path}. */
  public static <B> B read(ModelFamily<?, B> family, String path, Configuration conf) throws IOException {
    Path file = new Path(path);
    FileSystem fs = Storage.fs(file, conf);
    ImageBatchFile images;
    try (InputStream in = fs.open(file)) {
      images = ImageBatchFile.read(in);
    }
    BatchLabels labels = null;
    if (family.needsLabels()) {
      try (InputStream in = fs.open(new Path(BatchLabels.pathFor(path)))) {
        labels = BatchLabels.read(in);
      }
    }
    return family.batch(images, labels);
  }
}
