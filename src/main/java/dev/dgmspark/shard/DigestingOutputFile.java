package dev.dgmspark.shard;

import dev.dgmspark.common.Sha256;
import java.io.IOException;
import java.security.MessageDigest;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * A Parquet output file that computes the SHA-256 and size of everything written, so that {@code index.json} can
 * list each shard's checksum without reading the shard back.
 */
final class DigestingOutputFile implements OutputFile {
  private final FileSystem fs;
  private final Path path;
  private final MessageDigest digest;
  private long written;

  DigestingOutputFile(FileSystem fs, Path path) {
    this.fs = fs;
    this.path = path;
    this.digest = Sha256.newDigest();
  }

  @Override
  public PositionOutputStream create(long blockSizeHint) throws IOException {
    return open(false);
  }

  @Override
  public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
    return open(true);
  }

  @Override
  public boolean supportsBlockSize() {
    return false;
  }

  @Override
  public long defaultBlockSize() {
    return 0;
  }

  /** Hex SHA-256 of the bytes written; valid once the writer is closed. */
  String sha256() {
    return Sha256.finishHex(digest);
  }

  /** Bytes written. */
  long length() {
    return written;
  }

  private PositionOutputStream open(boolean overwrite) throws IOException {
    FSDataOutputStream stream = fs.create(path, overwrite);
    return new PositionOutputStream() {
      @Override
      public long getPos() {
        return written;
      }

      @Override
      public void write(int b) throws IOException {
        stream.write(b);
        digest.update((byte) b);
        written++;
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        stream.write(b, off, len);
        digest.update(b, off, len);
        written += len;
      }

      @Override
      public void flush() throws IOException {
        stream.flush();
      }

      @Override
      public void close() throws IOException {
        stream.close();
      }
    };
  }
}
