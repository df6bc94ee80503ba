package dev.dgmspark.s3;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.fs.s3a.S3AFileSystem;
import org.apache.hadoop.util.Progressable;

/**
 * S3A, except that once {@link #arm armed} it lets the first shard file of a job be created and holds every later
 * one at a gate until {@link #release}: a test can then stop the store at a known point of the job, with the job
 * unable to finish in the meantime. Set with {@code fs.s3a.impl} (and {@code fs.s3a.impl.disable.cache}); Spark's
 * local mode runs the tasks in the test's JVM, so they see the same gate.
 */
public final class GatedS3AFileSystem extends S3AFileSystem {
  private static final AtomicInteger SHARD_FILES = new AtomicInteger();
  private static volatile CountDownLatch waiting = new CountDownLatch(1);
  private static volatile CountDownLatch open = new CountDownLatch(0);

  /** Closes the gate for every shard file after the next one. */
  static void arm() {
    SHARD_FILES.set(0);
    waiting = new CountDownLatch(1);
    open = new CountDownLatch(1);
  }

  /** Waits until a task is held at the gate. */
  static boolean awaitHeld(long seconds) throws InterruptedException {
    return waiting.await(seconds, TimeUnit.SECONDS);
  }

  /** Opens the gate. */
  static void release() {
    open.countDown();
  }

  @Override
  public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize,
      short replication, long blockSize, Progressable progress) throws IOException {
    if (f.toString().contains("/_staging/shards/") && SHARD_FILES.incrementAndGet() > 1) {
      waiting.countDown();
      try {
        if (!open.await(5, TimeUnit.MINUTES)) {
          throw new IOException("the test never opened the gate");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted at the gate");
      }
    }
    return super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress);
  }
}
