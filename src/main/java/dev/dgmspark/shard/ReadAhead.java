package dev.dgmspark.shard;

import dev.dgmspark.io.Storage;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Reads a task's files in order, with up to {@code depth} reads in flight ahead of the one being decoded.
 *
 * <p>On an object store each small file costs a round trip or two (HEAD and GET) of some milliseconds on a real
 * network, during which a task that reads one file at a time sits idle. A few concurrent reads per task hide that
 * latency; memory stays bounded by {@code depth} files. Depth 0 reads in the caller's thread, which is what local
 * files get: a local read costs microseconds, less than handing it to another thread.
 */
final class ReadAhead implements AutoCloseable {
  /** One file's bytes or the reason it could not be read; {@code waitNanos} is how long the task waited for it. */
  record Read(InputFile file, byte[] bytes, Exception error, long waitNanos) {}

  private static final AtomicInteger THREADS = new AtomicInteger();

  private final List<InputFile> files;
  private final FileSystem fs;
  private final ExecutorService pool;
  private final Deque<Future<Read>> inFlight = new ArrayDeque<>();
  private int nextToSubmit;
  private int nextToReturn;

  ReadAhead(List<InputFile> files, FileSystem fs, int depth) {
    this.files = files;
    this.fs = fs;
    this.pool = depth > 0 ? Executors.newFixedThreadPool(depth, task -> {
      Thread thread = new Thread(task, "shard-read-ahead-" + THREADS.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    }) : null;
    if (pool != null) {
      while (nextToSubmit < files.size() && inFlight.size() < depth) {
        submitNext();
      }
    }
  }

  /** Whether another file remains. */
  boolean hasNext() {
    return nextToReturn < files.size();
  }

  /** The next file in order, waiting for its read if it is still in flight. */
  Read next() throws IOException {
    InputFile file = files.get(nextToReturn++);
    long start = System.nanoTime();
    if (pool == null) {
      Read read = read(file);
      return new Read(file, read.bytes(), read.error(), System.nanoTime() - start);
    }
    Future<Read> future = inFlight.removeFirst();
    if (nextToSubmit < files.size()) {
      submitNext();
    }
    try {
      Read read = future.get();
      return new Read(file, read.bytes(), read.error(), System.nanoTime() - start);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while reading " + file.path());
    } catch (ExecutionException e) {
      // read() catches what a read can throw; anything else (an Error) is not a bad input file.
      throw new IllegalStateException("reading " + file.path() + " failed", e.getCause());
    }
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  private void submitNext() {
    InputFile file = files.get(nextToSubmit++);
    inFlight.addLast(pool.submit(() -> read(file)));
  }

  private Read read(InputFile file) {
    try {
      return new Read(file, Storage.readFully(fs, new Path(file.path()), file.length()), null, 0);
    } catch (IOException | RuntimeException e) {
      return new Read(file, null, e, 0);
    }
  }
}
