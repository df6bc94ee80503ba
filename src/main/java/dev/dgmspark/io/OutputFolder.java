package dev.dgmspark.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A job's output folder, prepared so that old and new results never mix.
 *
 * <p>A finished run is recognised by its marker file (the job's {@code summary.json}, always written last). Such a
 * folder is only replaced with {@code --overwrite}, and then the marker is deleted first so that a crash half-way
 * through the clean-up never leaves a folder that looks finished. A folder that holds a partial earlier attempt (no
 * marker) is cleaned without asking. A folder holding files this job does not write is refused: it is probably not
 * the folder the user meant. Refusals are {@link OutputFolderException}s.
 */
public final class OutputFolder {
  /** Hidden working folder for files not yet committed. */
  public static final String STAGING = "_staging";

  private final Path root;
  private final FileSystem fs;

  private OutputFolder(Path root, FileSystem fs) {
    this.root = root;
    this.fs = fs;
  }

  /**
   * Checks and cleans {@code root} for a new run.
   *
   * @param marker the file whose presence means a finished run
   * @param owned every top-level name the job writes (the marker included)
   * @throws OutputFolderException if the folder is a file, holds files of others, or holds a finished run and
   *     {@code overwrite} is false
   */
  public static OutputFolder prepare(Path root, Configuration conf, boolean overwrite, String marker,
      Set<String> owned) throws IOException {
    return prepare(root, conf, overwrite, marker, owned::contains);
  }

  /**
   * As {@link #prepare(Path, Configuration, boolean, String, Set)}, for jobs whose file names follow a pattern
   * ({@code img-000001.png}): {@code owned} says which top-level names the job writes.
   */
  public static OutputFolder prepare(Path root, Configuration conf, boolean overwrite, String marker,
      Predicate<String> owned) throws IOException {
    return prepare(root, conf, overwrite, marker, owned, name -> false);
  }

  /**
   * As {@link #prepare(Path, Configuration, boolean, String, Predicate)}, leaving the top-level names {@code kept}
   * says in place: results of the same command written before this job started (DB-VAE's baseline model).
   */
  public static OutputFolder prepare(Path root, Configuration conf, boolean overwrite, String marker,
      Predicate<String> owned, Predicate<String> kept) throws IOException {
    FileSystem fs = Storage.fs(root, conf);
    if (!fs.exists(root)) {
      if (!fs.mkdirs(root)) {
        throw new IOException("cannot create the output folder " + root);
      }
      return new OutputFolder(root, fs);
    }
    if (!fs.getFileStatus(root).isDirectory()) {
      throw new OutputFolderException(root, OutputFolderException.Problem.NOT_A_FOLDER,
          root + " is a file; give a folder");
    }
    Set<String> foreign = new TreeSet<>();
    List<Path> ours = new ArrayList<>();
    boolean finished = false;
    for (FileStatus child : fs.listStatus(root)) {
      String name = child.getPath().getName();
      if (name.equals(marker)) {
        finished = true;
      } else if (kept.test(name)) {
        continue;
      } else if (owned.test(name) || name.equals(STAGING) || name.startsWith(".")) {
        ours.add(child.getPath());
      } else {
        foreign.add(name);
      }
    }
    if (!foreign.isEmpty()) {
      throw new OutputFolderException(root, OutputFolderException.Problem.FOREIGN_FILES, root
          + " holds files this job did not write (" + String.join(", ", foreign.stream().limit(5).toList())
          + (foreign.size() > 5 ? ", ..." : "") + "); give an empty or new folder");
    }
    if (finished && !overwrite) {
      throw new OutputFolderException(root, OutputFolderException.Problem.FINISHED_RUN,
          root + " already holds a finished run (" + marker + ")");
    }
    if (finished) {
      deleteOrFail(fs, new Path(root, marker));
    }
    for (Path path : ours) {
      deleteOrFail(fs, path);
    }
    return new OutputFolder(root, fs);
  }

  private static void deleteOrFail(FileSystem fs, Path path) throws IOException {
    if (!fs.delete(path, true) && fs.exists(path)) {
      throw new IOException("cannot delete " + path + " from an earlier run");
    }
  }

  /** The folder itself. */
  public Path root() {
    return root;
  }

  /** A path inside the folder. */
  public Path resolve(String name) {
    return new Path(root, name);
  }

  /** The file system of the folder. */
  public FileSystem fs() {
    return fs;
  }

  /** Removes the staging folder; failures are logged by the caller's clean-up, not raised. */
  public boolean deleteStaging() throws IOException {
    return fs.delete(resolve(STAGING), true);
  }
}
