package dev.dgmspark.nn;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks ND4J's CPU build before ND4J loads: the oneDNN build when its natives are on the classpath and the CPU has
 * AVX2, else the plain build.
 *
 * <p>Why: DL4J 1.0.0-M2.1's plain CPU build runs convolutions as im2col plus GEMM on the Java side, which measured
 * at a few GFLOP/s on this project's networks, while the oneDNN build's {@code conv2d} op ran the same convolutions
 * 10–25x faster. JavaCPP loads the natives of the platform extension named by the system property
 * {@value #PROPERTY} and falls back to the plain build when that extension's jar is absent (checked), so selecting
 * it is safe; the property must be set before the first ND4J call in the JVM, hence the early calls from the
 * command line's {@code main}, the Kryo registrator (the first project code an executor runs) and the training
 * workers. A property the user set (even empty, to force the plain build) is left alone.
 */
public final class NativeBackend {
  private static final Logger LOG = LoggerFactory.getLogger(NativeBackend.class);
  /** JavaCPP's system property naming the platform extension of the native libraries to load. */
  public static final String PROPERTY = "javacpp.platform.extension";
  /** The oneDNN build for AVX2 CPUs (classifier {@code linux-x86_64-onednn-avx2} of {@code nd4j-native}). */
  public static final String ONEDNN_AVX2 = "-onednn-avx2";
  private static final String ONEDNN_LIBRARY =
      "org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64" + ONEDNN_AVX2 + "/libnd4jcpu.so";

  /** True once {@link #select} has decided: every training task calls it, the jar and CPU checks run once. */
  private static boolean decided;

  private NativeBackend() {}

  /** Sets {@value #PROPERTY} to the oneDNN build when it is usable and nobody chose otherwise; idempotent. */
  public static synchronized void select() {
    if (decided || System.getProperty(PROPERTY) != null) {
      return;
    }
    decided = true;
    if (NativeBackend.class.getClassLoader().getResource(ONEDNN_LIBRARY) != null && cpuHasAvx2()) {
      System.setProperty(PROPERTY, ONEDNN_AVX2);
    }
  }

  /** True when the ND4J natives loaded in this JVM were built with oneDNN (initialises ND4J). */
  public static boolean oneDnnLoaded() {
    return buildInfo().contains("HAVE_ONEDNN");
  }

  /** The loaded native library's build flags, as ND4J reports them (initialises ND4J). */
  public static String buildInfo() {
    org.nd4j.linalg.factory.Nd4j.getExecutioner(); // loads the backend before asking it
    return org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo();
  }

  /** A short name of the loaded build for logs and summaries: {@code onednn}, {@code plain} or {@code cuda}. */
  public static String describe() {
    String backend = org.nd4j.linalg.factory.Nd4j.getExecutioner().getEnvironmentInformation()
        .getProperty("backend", "");
    if ("CUDA".equalsIgnoreCase(backend)) {
      return "cuda";
    }
    return oneDnnLoaded() ? "onednn" : "plain";
  }

  /** Logs once which build runs, with a hint when the slow one does. */
  public static void logSelection() {
    String build = describe();
    if (build.equals("plain")) {
      LOG.warn("ND4J runs its plain CPU build: convolutions are several times slower than with the oneDNN build "
          + "(nd4j-native classifier linux-x86_64-onednn-avx2 on the classpath and an AVX2 CPU; {}={})",
          PROPERTY, System.getProperty(PROPERTY, "unset"));
    } else {
      LOG.info("ND4J backend: {}", build);
    }
  }

  private static boolean cpuHasAvx2() {
    try {
      return Files.readString(Path.of("/proc/cpuinfo"), StandardCharsets.US_ASCII).contains(" avx2");
    } catch (IOException | SecurityException e) {
      return false; // not Linux or not readable: the plain build is the safe choice
    }
  }
}
