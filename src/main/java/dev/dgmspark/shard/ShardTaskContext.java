package dev.dgmspark.shard;

import dev.dgmspark.io.SerializableConfiguration;
import dev.dgmspark.shard.image.DecodeOptions;
import java.io.Serializable;

/** Everything a shard task needs besides its slice; broadcast once per job. */
record ShardTaskContext(String stagingDir, SerializableConfiguration conf, DecodeOptions decodeOptions,
    AttributeTable attributes, ShardSchema schema, long targetShardBytes) implements Serializable {}
