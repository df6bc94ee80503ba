package dev.dgmspark.shard;

import dev.dgmspark.io.FileTooLargeException;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import org.apache.hadoop.security.AccessControlException;

/**
 * Sorts the failures of reading one input file into problems of that file, which reject it ({@code read_error}),
 * and problems of the storage, which fail the task so that Spark runs it again.
 *
 * <p>A connection reset or a timeout says nothing about the file: rejecting it would drop a good image from the
 * dataset because of a network blip (the S3A and HDFS clients have already retried by the time it reaches us). A
 * file that is gone since the listing, unreadable for us, or shorter than listed will not get better on a retry.
 */
public final class ReadFailures {
  private ReadFailures() {}

  /** Whether {@code error} is about the file itself (reject it) rather than the storage (retry the task). */
  public static boolean isFileProblem(Exception error) {
    return error instanceof FileNotFoundException
        || error instanceof NoSuchFileException
        || error instanceof AccessDeniedException
        || error instanceof AccessControlException
        || error instanceof EOFException
        || error instanceof FileTooLargeException;
  }
}
