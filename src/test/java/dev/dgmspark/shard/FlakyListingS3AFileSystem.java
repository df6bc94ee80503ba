package dev.dgmspark.shard;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.fs.s3a.S3AFileSystem;

/**
 * S3A, except that once {@link #arm armed} with a folder, the first listing of that folder fails after its first
 * entry, as a listing whose second page request is refused would. Set with {@code fs.s3a.impl} (and
 * {@code fs.s3a.impl.disable.cache}); Spark's local mode runs the tasks in the test's JVM, so they see the arming.
 */
public final class FlakyListingS3AFileSystem extends S3AFileSystem {
  private static final AtomicReference<String> ARMED = new AtomicReference<>();
  private static final AtomicInteger FAILURES = new AtomicInteger();

  /** Makes the next listing of {@code folder} (a full {@code s3a://} path) fail after one entry. */
  static void arm(String folder) {
    FAILURES.set(0);
    ARMED.set(new Path(folder).toUri().getPath());
  }

  /** Listings failed since the last {@link #arm}. */
  static int failures() {
    return FAILURES.get();
  }

  @Override
  public RemoteIterator<LocatedFileStatus> listFiles(Path f, boolean recursive) throws IOException {
    return failOnce(f, super.listFiles(f, recursive));
  }

  @Override
  public RemoteIterator<FileStatus> listStatusIterator(Path p) throws IOException {
    return failOnce(p, super.listStatusIterator(p));
  }

  private static <T> RemoteIterator<T> failOnce(Path folder, RemoteIterator<T> inner) {
    String armed = ARMED.get();
    if (armed == null || !armed.equals(folder.toUri().getPath()) || !ARMED.compareAndSet(armed, null)) {
      return inner;
    }
    return new RemoteIterator<>() {
      private int served;

      @Override
      public boolean hasNext() throws IOException {
        if (served >= 1) {
          FAILURES.incrementAndGet();
          throw new IOException("test: listing of " + folder + " fails after its first entry");
        }
        return inner.hasNext();
      }

      @Override
      public T next() throws IOException {
        served++;
        return inner.next();
      }
    };
  }
}
