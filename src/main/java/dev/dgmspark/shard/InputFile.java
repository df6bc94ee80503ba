package dev.dgmspark.shard;

import java.io.Serializable;

/**
 * One file found under the shard job's input: its full path, its path relative to the input root (the key for the
 * attributes CSV and the image's {@code path} in the shards) and its size as listed.
 */
public record InputFile(String path, String relativePath, long length) implements Serializable {}
