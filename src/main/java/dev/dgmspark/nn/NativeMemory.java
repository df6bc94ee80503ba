package dev.dgmspark.nn;

import org.bytedeco.javacpp.Pointer;

/**
 * Keeps a training process's native memory bounded when networks run without DL4J workspaces (the families that
 * back-propagate external errors: pix2pix, CycleGAN).
 *
 * <p>ND4J's CPU arrays outside workspaces hold native buffers that only the garbage collection of their small Java
 * wrappers frees, and JavaCPP does not count them against its limits, so nothing asks for a collection: measured on
 * one CycleGAN step loop at 32x32, minibatch 32, the process grew by about 550 MB a step, past 22 GB in 40 steps,
 * and the Linux OOM killer ended a training run; with a collection every 10 steps it stayed near 7 GB. Here a
 * collection is requested when the process's resident memory passes its committed heap plus JavaCPP's cap on
 * off-heap memory ({@code org.bytedeco.javacpp.maxbytes}, by default the maximum heap): more native memory than the
 * process was configured to hold. At most once every {@value #MIN_INTERVAL_MILLIS} ms, so that memory held by live
 * data does not turn into constant collections.
 */
public final class NativeMemory {
  private static final long MIN_INTERVAL_MILLIS = 2000;
  private static final long FALLBACK_LIMIT = 4L << 30;
  private static volatile long lastCollection;

  private NativeMemory() {}

  /** The resident size above which {@link #collectIfHigh()} asks for a collection. */
  public static long threshold() {
    long offHeap = Pointer.maxBytes();
    return Runtime.getRuntime().totalMemory() + (offHeap > 0 ? offHeap : FALLBACK_LIMIT);
  }

  /**
   * Requests a garbage collection when the process's resident memory is above {@link #threshold()} and none was
   * requested here recently; cheap otherwise (one read of the process's memory figures).
   *
   * @return true when it requested one
   */
  public static boolean collectIfHigh() {
    return collectIfAbove(threshold());
  }

  /** {@link #collectIfHigh()} with the threshold given. */
  static boolean collectIfAbove(long threshold) {
    long now = System.currentTimeMillis();
    if (now - lastCollection < MIN_INTERVAL_MILLIS || Pointer.physicalBytes() < threshold) {
      return false;
    }
    lastCollection = now;
    System.gc();
    return true;
  }
}
