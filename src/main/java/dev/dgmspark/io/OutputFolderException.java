package dev.dgmspark.io;

import dev.dgmspark.common.UsageException;
import org.apache.hadoop.fs.Path;

/**
 * An output folder a job must not write into as it is, and why; the message names the folder and the problem, and
 * says nothing of how the caller named the folder (the command line adds its option).
 */
public final class OutputFolderException extends UsageException {
  private static final long serialVersionUID = 1L;

  /** Why the folder was refused. */
  public enum Problem {
    /** The path is a file. */
    NOT_A_FOLDER,
    /** The folder holds files the job does not write. */
    FOREIGN_FILES,
    /** The folder holds a finished run, and replacing it was not asked for. */
    FINISHED_RUN
  }

  private final transient Path folder;
  private final Problem problem;

  OutputFolderException(Path folder, Problem problem, String message) {
    super(message);
    this.folder = folder;
    this.problem = problem;
  }

  /** The folder refused. */
  public Path folder() {
    return folder;
  }

  /** Why it was refused. */
  public Problem problem() {
    return problem;
  }
}
