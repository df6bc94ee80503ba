package dev.dgmspark.shard;

import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * What a listing of the shard job's input keeps, and how it names what it keeps: every file under the root except the
 * excluded files (the attributes CSV) and anything under the excluded tree (the output folder, when it sits inside
 * the input), each with its path relative to the root. The flat listing on the driver and the listing tasks of the
 * distributed one share it, so both see the same files under the same names.
 *
 * <p>Paths are compared by their decoded path strings ({@code toUri().getPath()}), never as Hadoop {@link Path}s:
 * a {@code Path} made from a URI keeps {@code caf%C3%A9} where one made from a string keeps {@code café}, and two such
 * paths of the same file are not equal (which let a non-ASCII input folder's {@code attributes.csv} be listed as an
 * input).
 */
final class ListingScope implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String scheme;
  private final String authority;
  /** Decoded path of the root folder, ending with {@code /}. */
  private final String rootPrefix;
  private final Set<String> excluded;
  /** Decoded path of the excluded tree, ending with {@code /}, or null. */
  private final String excludedPrefix;

  ListingScope(Path root, Set<Path> excluded, Path excludedTree) {
    URI uri = root.toUri();
    this.scheme = uri.getScheme();
    this.authority = uri.getAuthority() == null || uri.getAuthority().isEmpty() ? null : uri.getAuthority();
    this.rootPrefix = withSlash(uri.getPath());
    this.excluded = excluded.stream().map(p -> p.toUri().getPath()).collect(Collectors.toUnmodifiableSet());
    this.excludedPrefix = excludedTree == null ? null : withSlash(excludedTree.toUri().getPath());
  }

  /** Whether anything under the folder with this decoded path is excluded as a whole (the output tree). */
  boolean skipsFolder(String decodedPath) {
    return excludedPrefix != null && withSlash(decodedPath).startsWith(excludedPrefix);
  }

  /** The input file for a file at {@code decodedPath} of {@code length} bytes, or null when it is left out. */
  InputFile file(Path path, String decodedPath, long length) {
    if (excluded.contains(decodedPath) || (excludedPrefix != null && decodedPath.startsWith(excludedPrefix))) {
      return null;
    }
    String relative = decodedPath.startsWith(rootPrefix) ? decodedPath.substring(rootPrefix.length())
        : path.getName();
    return new InputFile(path.toString(), relative, length);
  }

  /** The input file for a listed status, or null when it is left out. */
  InputFile file(FileStatus status) {
    Path path = status.getPath();
    return file(path, path.toUri().getPath(), status.getLen());
  }

  /**
   * Lists the files under {@code folder}: every level below it when {@code recursive}, else only the files directly in
   * it. On object stores and HDFS through {@code listFiles} (one flat paged listing when recursive), locally with
   * {@link #walkLocal}.
   */
  void list(FileSystem fs, Path folder, boolean recursive, Consumer<InputFile> sink) throws IOException {
    if ("file".equals(fs.getUri().getScheme())) {
      walkLocal(folder, recursive, sink);
      return;
    }
    if (skipsFolder(folder.toUri().getPath())) {
      return;
    }
    if (recursive) {
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(folder, true);
      while (it.hasNext()) {
        emit(file(it.next()), sink);
      }
    } else {
      RemoteIterator<FileStatus> it = fs.listStatusIterator(folder);
      while (it.hasNext()) {
        FileStatus status = it.next();
        if (status.isFile()) {
          emit(file(status), sink);
        }
      }
    }
  }

  /**
   * Walks a local folder with java.nio: one {@code stat} per file, where Hadoop's local listing costs three and its
   * {@code listFiles} forks a process per file. Each file's path is made from its folder's path and its name:
   * {@code java.nio.file.Path.toUri()} would {@code stat} every file a second time (to learn whether to end the URI
   * with a slash). Hadoop's own {@code .crc} side files are skipped as its listing would, and so is the excluded tree,
   * without walking into it.
   */
  void walkLocal(Path folder, boolean recursive, Consumer<InputFile> sink) throws IOException {
    java.nio.file.Path start = java.nio.file.Path.of(folder.toUri().getPath());
    Files.walkFileTree(start, Set.of(), recursive ? Integer.MAX_VALUE : 1, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(java.nio.file.Path dir, BasicFileAttributes attributes) {
        return skipsFolder(dir.toAbsolutePath().toString()) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(java.nio.file.Path file, BasicFileAttributes attributes) {
        if (attributes.isDirectory()) {
          return FileVisitResult.CONTINUE; // a folder at the depth limit of a non-recursive listing
        }
        String name = file.getFileName().toString();
        if (name.startsWith(".") && name.endsWith(".crc")
            && Files.exists(file.resolveSibling(name.substring(1, name.length() - 4)))) {
          return FileVisitResult.CONTINUE;
        }
        String decoded = file.toAbsolutePath().toString();
        emit(file(localPath(decoded), decoded, attributes.size()), sink);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(java.nio.file.Path file, IOException e) throws IOException {
        throw e;
      }
    });
  }

  /** The path of {@code name} inside the local folder {@code folder}, made without touching the disk. */
  Path child(Path folder, String name) {
    return localPath(withSlash(folder.toUri().getPath()) + name);
  }

  private Path localPath(String decodedPath) {
    try {
      // The multi-argument constructor quotes what must be quoted (spaces, %, #, ?) and keeps the rest as it is.
      return new Path(new URI(scheme, authority, decodedPath, null, null));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("cannot name the local file " + decodedPath, e);
    }
  }

  private static void emit(InputFile file, Consumer<InputFile> sink) {
    if (file != null) {
      sink.accept(file);
    }
  }

  static String withSlash(String path) {
    return path.endsWith("/") ? path : path + "/";
  }
}
