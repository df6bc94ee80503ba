package dev.dgmspark.shard;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Lists every file under the input, recursively, sorted by path.
 *
 * <p>Unlike Spark's file index, which silently skips names that start with {@code _} or {@code .} (so a camera's
 * {@code _DSC0001.JPG} would vanish), this listing sees every file: the shard job's accounting covers every input
 * exactly once. On object stores {@code listFiles(recursive)} is one flat paged listing.
 */
public final class InputListing {
  private InputListing() {}

  /**
   * Lists files under {@code root} (or {@code root} itself when it is a file), leaving out {@code excluded} files
   * and anything under {@code excludedTree} (the output folder, when it sits inside the input).
   */
  public static List<InputFile> list(Path root, Configuration conf, Set<Path> excluded, Path excludedTree)
      throws IOException {
    FileSystem fs = root.getFileSystem(conf);
    FileStatus rootStatus = fs.getFileStatus(root);
    List<InputFile> files = new ArrayList<>();
    if (rootStatus.isFile()) {
      files.add(new InputFile(rootStatus.getPath().toString(), rootStatus.getPath().getName(), rootStatus.getLen()));
      return files;
    }
    String rootPrefix = rootStatus.getPath().toUri().getPath();
    if (!rootPrefix.endsWith("/")) {
      rootPrefix += "/";
    }
    String excludedPrefix = excludedTree == null ? null : excludedTree.toUri().getPath() + "/";
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(rootStatus.getPath(), true);
    while (it.hasNext()) {
      LocatedFileStatus status = it.next();
      Path path = status.getPath();
      String pathPart = path.toUri().getPath();
      if (excluded.contains(path) || (excludedPrefix != null && pathPart.startsWith(excludedPrefix))) {
        continue;
      }
      String relative = pathPart.startsWith(rootPrefix) ? pathPart.substring(rootPrefix.length()) : path.getName();
      files.add(new InputFile(path.toString(), relative, status.getLen()));
    }
    files.sort(Comparator.comparing(InputFile::relativePath));
    return files;
  }
}
