package dev.dgmspark.shard;

import dev.dgmspark.io.SerializableConfiguration;
import dev.dgmspark.shard.image.DecodeOptions;
import java.io.Serializable;

/**
 * Everything a shard task needs besides its slice; broadcast once per job. {@code readAhead} is the number of
 * concurrent reads per task from object stores and HDFS.
 */
record ShardTaskContext(String stagingDir, SerializableConfiguration conf, DecodeOptions decodeOptions,
    AttributeTable attributes, ShardSchema schema, long targetShardBytes, int readAhead) implements Serializable {

  /** This context with {@code table} as the attributes. */
  ShardTaskContext withAttributes(AttributeTable table) {
    return new ShardTaskContext(stagingDir, conf, decodeOptions, table, schema, targetShardBytes, readAhead);
  }
}
