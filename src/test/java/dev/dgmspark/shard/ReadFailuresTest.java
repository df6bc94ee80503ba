package dev.dgmspark.shard;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dgmspark.io.FileTooLargeException;
import dev.dgmspark.io.Storage;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.security.AccessControlException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadFailuresTest {
  @TempDir Path dir;

  @Test
  void problemsOfTheFileRejectIt() {
    assertTrue(ReadFailures.isFileProblem(new FileNotFoundException("gone")));
    assertTrue(ReadFailures.isFileProblem(new java.nio.file.NoSuchFileException("gone")));
    assertTrue(ReadFailures.isFileProblem(new AccessDeniedException("s3a://bucket/key: 403")));
    assertTrue(ReadFailures.isFileProblem(new AccessControlException("hdfs permission")));
    assertTrue(ReadFailures.isFileProblem(new EOFException("shorter than listed")));
    assertTrue(ReadFailures.isFileProblem(new FileTooLargeException("3 GB")));
  }

  @Test
  void problemsOfTheStorageFailTheTask() {
    assertFalse(ReadFailures.isFileProblem(new ConnectException("refused")));
    assertFalse(ReadFailures.isFileProblem(new SocketTimeoutException("timed out")));
    assertFalse(ReadFailures.isFileProblem(new InterruptedIOException("interrupted")));
    assertFalse(ReadFailures.isFileProblem(new IOException("connection reset")));
    assertFalse(ReadFailures.isFileProblem(new IllegalStateException("bug")));
  }

  @Test
  void theReadsOfStorageRaiseTheExceptionsThatMeanAFileProblem() throws Exception {
    org.apache.hadoop.fs.Path missing = new org.apache.hadoop.fs.Path(dir.resolve("missing.png").toUri());
    Configuration conf = new Configuration();
    Exception gone = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
        () -> Storage.readFully(Storage.fs(missing, conf), missing, 10));
    assertTrue(ReadFailures.isFileProblem(gone), gone.toString());

    Path shortFile = Files.write(dir.resolve("short.png"), new byte[] {1, 2, 3});
    org.apache.hadoop.fs.Path shorter = new org.apache.hadoop.fs.Path(shortFile.toUri());
    org.apache.hadoop.fs.FileSystem hadoopFs = new org.apache.hadoop.fs.RawLocalFileSystem();
    hadoopFs.initialize(shorter.toUri(), conf);
    // Through Hadoop's stream (the object-store path), a file shorter than its listed length.
    Exception truncated = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
        () -> Storage.readFully(new org.apache.hadoop.fs.FilterFileSystem(hadoopFs), shorter, 10));
    assertTrue(ReadFailures.isFileProblem(truncated), truncated.toString());

    Exception huge = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
        () -> Storage.readFully(Storage.fs(shorter, conf), shorter, 3L << 30));
    assertTrue(ReadFailures.isFileProblem(huge), huge.toString());
  }
}
