package dev.dgmspark.io;

import dev.dgmspark.common.UsageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * File operations on any Hadoop file system (local, {@code hdfs://}, {@code s3a://}), with the atomic-publish rule
 * the jobs rely on: a file that readers look for appears only when it is complete.
 *
 * <p>Every path a user can point at goes through here (or through Spark), never through {@code java.io.File}.
 */
public final class Storage {
  private Storage() {}

  /** Resolves a user-given location ({@code /data/x}, {@code file:/x}, {@code s3a://bucket/x}) to a qualified path. */
  public static Path qualify(String location, Configuration conf) throws IOException {
    Path path = new Path(location);
    URI uri = path.toUri();
    if (uri.getRawUserInfo() != null) {
      // Keys in a URI end up in every path a job logs or writes into a summary: refuse them, without echoing them.
      String bare = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "")
          + (uri.getRawPath() == null ? "" : uri.getRawPath());
      throw new UsageException(bare + ": credentials inside a path are not accepted; set them with "
          + "AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, the Spark settings spark.hadoop.fs.s3a.access.key / "
          + "spark.hadoop.fs.s3a.secret.key, or a Hadoop credential provider");
    }
    return path.getFileSystem(conf).makeQualified(path);
  }

  /**
   * The file system that holds {@code path}; for local paths a {@link ForkFreeLocalFileSystem}, which creates files
   * and folders without forking a {@code chmod} process each time.
   */
  public static FileSystem fs(Path path, Configuration conf) throws IOException {
    return ForkFreeLocalFileSystem.replacing(path.getFileSystem(conf));
  }

  /**
   * Reads a whole file into memory; {@code length} is the size the listing reported, to avoid a second lookup.
   *
   * <p>Local files are read with one java.nio call: through Hadoop's local file system each small file costs about
   * ten times as much (stream set-up, checksum side-file lookup), which dominated the shard job's task time.
   */
  public static byte[] readFully(FileSystem fs, Path path, long length) throws IOException {
    if (length > Integer.MAX_VALUE - 16) {
      throw new FileTooLargeException("file too large to read into memory: " + path + " (" + length + " bytes)");
    }
    if (fs instanceof RawLocalFileSystem || fs instanceof LocalFileSystem) {
      return Files.readAllBytes(java.nio.file.Path.of(fs.makeQualified(path).toUri()));
    }
    byte[] bytes = new byte[(int) length];
    try (FSDataInputStream in = fs.open(path)) {
      in.readFully(0, bytes);
    }
    return bytes;
  }

  /** Reads a whole (small) file. */
  public static byte[] readAll(Path path, Configuration conf) throws IOException {
    FileSystem fs = fs(path, conf);
    try (InputStream in = fs.open(path)) {
      return in.readAllBytes();
    }
  }

  /** Reads a whole (small) text file as UTF-8. */
  public static String readString(Path path, Configuration conf) throws IOException {
    return new String(readAll(path, conf), StandardCharsets.UTF_8);
  }

  /**
   * Writes {@code bytes} to {@code target} so that no reader ever sees a partial file: object stores publish an
   * object only when its upload completes; other file systems get a hidden temporary file renamed into place.
   */
  public static void writeAtomically(Path target, byte[] bytes, Configuration conf) throws IOException {
    writeAtomically(target, conf, out -> out.write(bytes));
  }

  /**
   * Writes what {@code content} writes to {@code target}, published as {@link #writeAtomically(Path, byte[],
   * Configuration)} publishes bytes: for files too large to hold in memory, or written piece by piece.
   */
  public static void writeAtomically(Path target, Configuration conf, Content content) throws IOException {
    FileSystem fs = fs(target, conf);
    Path temporary = isObjectStore(fs) ? target : temporarySibling(target);
    try (OutputStream out = fs.create(temporary, true)) {
      content.writeTo(out);
    }
    if (temporary != target) {
      publish(fs, temporary, target);
    }
  }

  /** A file's content, written to a stream. */
  @FunctionalInterface
  public interface Content {
    /** Writes the content; the stream is closed by the caller. */
    void writeTo(OutputStream out) throws IOException;
  }

  /** A hidden temporary name next to {@code target}: readers (Spark, Hadoop) skip names starting with a dot. */
  public static Path temporarySibling(Path target) {
    return new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
  }

  /** Moves a finished temporary file onto its final name, replacing an older file of that name. */
  public static void publish(FileSystem fs, Path temporary, Path target) throws IOException {
    if (fs.exists(target) && !fs.delete(target, false)) {
      throw new IOException("cannot replace " + target);
    }
    if (!fs.rename(temporary, target)) {
      throw new IOException("cannot rename " + temporary + " to " + target);
    }
  }

  /** True for object stores, where rename is a copy and a written object appears only once complete. */
  public static boolean isObjectStore(FileSystem fs) {
    String scheme = fs.getUri().getScheme();
    return scheme != null && (scheme.startsWith("s3") || scheme.equals("gs") || scheme.startsWith("abfs")
        || scheme.startsWith("wasb") || scheme.equals("oss"));
  }
}
