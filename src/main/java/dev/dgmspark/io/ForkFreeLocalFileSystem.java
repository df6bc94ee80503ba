package dev.dgmspark.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's raw local file system, except that it sets permissions with java.nio instead of forking {@code chmod}.
 *
 * <p>Without Hadoop's native library (the usual case outside a Hadoop install), {@link RawLocalFileSystem} runs a
 * {@code chmod} process for every file and folder it creates: about 3-4 ms each, which capped the synth generator at
 * ~500 pictures/s on two cores. Everything else, including where files go and which permission they get, is unchanged.
 * It also skips the {@code .crc} side files of the checksummed {@link LocalFileSystem}, which would double the file
 * count for little value on a local disk; readers through either local file system accept files without them.
 */
public final class ForkFreeLocalFileSystem extends RawLocalFileSystem {

  private static final PosixFilePermission[] BITS = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
      PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};

  private static volatile ForkFreeLocalFileSystem shared;

  /**
   * Returns the JVM's fork-free instance if {@code fs} is Hadoop's local file system (checksummed or raw), else
   * {@code fs} itself. The instance is shared and never closed: it holds no resources, only a working directory.
   */
  public static FileSystem replacing(FileSystem fs) throws IOException {
    if (!(fs instanceof LocalFileSystem) && fs.getClass() != RawLocalFileSystem.class) {
      return fs;
    }
    ForkFreeLocalFileSystem local = shared;
    if (local == null) {
      synchronized (ForkFreeLocalFileSystem.class) {
        local = shared;
        if (local == null) {
          local = new ForkFreeLocalFileSystem();
          local.initialize(fs.getUri(), fs.getConf());
          shared = local;
        }
      }
    }
    return local;
  }

  @Override
  public void close() {
    // Shared by the whole JVM (see replacing): closing one user's handle must not close it for the others.
  }

  @Override
  public void setPermission(Path p, FsPermission permission) throws IOException {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    short bits = permission.toShort();
    for (int i = 0; i < BITS.length; i++) {
      if ((bits & (1 << i)) != 0) {
        set.add(BITS[i]);
      }
    }
    try {
      Files.setPosixFilePermissions(pathToFile(p).toPath(), set);
    } catch (UnsupportedOperationException e) {
      super.setPermission(p, permission); // not a POSIX file system (Windows): Hadoop's own way
    }
  }
}
