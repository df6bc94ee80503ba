package dev.dgmspark.engine.spark;

import dev.dgmspark.common.Sha256;
import dev.dgmspark.common.UsageException;
import dev.dgmspark.io.Storage;
import dev.dgmspark.shard.ShardIndex;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * The shard folder a training run reads, checked for what every trainer needs: an index, images of a supported
 * size, at least one row.
 *
 * @param folder the qualified shard folder
 * @param index its index
 * @param indexSha256 checksum of {@code index.json}, which model folders record as the data's identity
 */
public record TrainingData(Path folder, ShardIndex index, String indexSha256) {

  /** Reads and checks {@code --data}; problems are usage errors naming the option. */
  public static TrainingData read(String data, Configuration conf) throws IOException {
    Path folder = Storage.qualify(data, conf);
    ShardIndex index = ShardIndex.readRequired(folder, conf, "--data", data);
    byte[] indexBytes = Storage.readAll(new Path(folder, ShardIndex.FILE_NAME), conf);
    if (index.size() != 28 && index.size() != 32 && index.size() != 64) {
      throw new UsageException("--data holds " + index.size() + "x" + index.size() + " images; train supports 28, 32 "
          + "or 64: shard again with --size 28|32|64");
    }
    if (index.rows() == 0) {
      throw new UsageException("--data " + data + " holds no images");
    }
    return new TrainingData(folder, index, Sha256.hex(indexBytes));
  }

  /** The index file. */
  public Path indexFile() {
    return new Path(folder, ShardIndex.FILE_NAME);
  }
}
