package dev.dgmspark.shard;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;

/**
 * Writes a task's rows into Parquet shard files of about a target size, starting a new file when the current one
 * reaches it.
 *
 * <p>Files are written under attempt-specific staging names; the driver later renames the files of the one
 * successful attempt per task to their final names, so retried or speculative attempts never leave duplicates.
 */
final class RollingShardWriter implements AutoCloseable {
  /** Row groups small enough that readers can split a shard across tasks. */
  static final long MAX_ROW_GROUP_BYTES = 16L << 20;

  private final FileSystem fs;
  private final Path stagingDir;
  private final String prefix;
  private final String attemptTag;
  private final long targetBytes;
  private final ShardSchema schema;
  private final Configuration conf;
  private final List<ShardFile> finished = new ArrayList<>();

  private ParquetWriter<ShardRow> writer;
  private DigestingOutputFile file;
  private Path filePath;
  private long rows;

  RollingShardWriter(FileSystem fs, Path stagingDir, String prefix, String attemptTag, long targetBytes,
      ShardSchema schema, Configuration conf) {
    this.fs = fs;
    this.stagingDir = stagingDir;
    this.prefix = prefix;
    this.attemptTag = attemptTag;
    this.targetBytes = targetBytes;
    this.schema = schema;
    this.conf = conf;
  }

  void write(ShardRow row) throws IOException {
    if (writer == null) {
      open();
    }
    writer.write(row);
    rows++;
    if (writer.getDataSize() >= targetBytes) {
      finishFile();
    }
  }

  /** Closes the open file, if any, and returns every file written. */
  List<ShardFile> finish() throws IOException {
    if (writer != null) {
      finishFile();
    }
    return List.copyOf(finished);
  }

  @Override
  public void close() throws IOException {
    if (writer != null) {
      writer.close();
      writer = null;
    }
  }

  private void open() throws IOException {
    String finalName = String.format("%s-%03d.parquet", prefix, finished.size());
    filePath = new Path(stagingDir, finalName.replace(".parquet", "." + attemptTag + ".parquet"));
    file = new DigestingOutputFile(fs, filePath);
    rows = 0;
    writer = new Builder(file, schema)
        .withConf(conf)
        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
        .withCompressionCodec(CompressionCodecName.SNAPPY)
        .withRowGroupSize(Math.min(MAX_ROW_GROUP_BYTES, Math.max(1L << 20, targetBytes)))
        .withDictionaryEncoding(true)
        // Unique values: a dictionary only costs time and memory.
        .withDictionaryEncoding("image.bytes", false)
        .withDictionaryEncoding("id", false)
        .withDictionaryEncoding("path", false)
        .withDictionaryEncoding("image.path", false)
        .withDictionaryEncoding("sha256", false)
        .build();
  }

  private void finishFile() throws IOException {
    writer.close();
    writer = null;
    String finalName = String.format("%s-%03d.parquet", prefix, finished.size());
    finished.add(new ShardFile(filePath.toString(), finalName, rows, file.length(), file.sha256()));
  }

  private static final class Builder extends ParquetWriter.Builder<ShardRow, Builder> {
    private final ShardSchema schema;

    Builder(OutputFile file, ShardSchema schema) {
      super(file);
      this.schema = schema;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<ShardRow> getWriteSupport(Configuration conf) {
      return new ShardWriteSupport(schema);
    }
  }
}
