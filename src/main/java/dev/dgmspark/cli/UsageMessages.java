package dev.dgmspark.cli;

import dev.dgmspark.common.UsageException;
import dev.dgmspark.io.OutputFolderException;

/**
 * Usage errors as the command line words them. The library names folders, files and settings; the command line adds
 * the option the user named them with, and what to pass to get past the problem.
 */
final class UsageMessages {
  /** The option every command names its output folder with. */
  static final String OUT = "--out";
  /** The option every command with an output folder replaces a finished run with. */
  static final String OVERWRITE = "--overwrite";

  private UsageMessages() {}

  /** The message for {@code e}, naming the option when the library's message cannot. */
  static String of(UsageException e) {
    if (e instanceof OutputFolderException folder) {
      String text = OUT + " " + folder.getMessage();
      return folder.problem() == OutputFolderException.Problem.FINISHED_RUN
          ? text + "; pass " + OVERWRITE + " to replace it" : text;
    }
    return e.getMessage();
  }
}
