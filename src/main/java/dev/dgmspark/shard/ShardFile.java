package dev.dgmspark.shard;

import java.io.Serializable;

/**
 * A shard file written by a task: where it sits until committed, its final name, and what {@code index.json} says
 * of it.
 */
public record ShardFile(String stagingPath, String finalName, long rows, long bytes, String sha256)
    implements Serializable {}
