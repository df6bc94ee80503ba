package dev.dgmspark.common;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256, the project's one content hash: checksums of source images, shard files and data indexes, stable image ids,
 * and the resampler's buckets.
 *
 * <p>The one-shot methods reuse a digest per thread: looking one up costs about as much as hashing a short id, and
 * the shard and debias jobs hash millions of them.
 */
public final class Sha256 {
  private static final HexFormat HEX = HexFormat.of();
  private static final ThreadLocal<MessageDigest> PER_THREAD = ThreadLocal.withInitial(Sha256::newDigest);

  private Sha256() {}

  /** A new digest, to hash something written piece by piece. */
  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }

  /** The 32-byte digest of {@code bytes}. */
  public static byte[] digest(byte[] bytes) {
    return PER_THREAD.get().digest(bytes);
  }

  /** The 32-byte digest of {@code text} in UTF-8. */
  public static byte[] digest(String text) {
    return digest(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The digest of {@code bytes} in lower-case hex (64 characters). */
  public static String hex(byte[] bytes) {
    return HEX.formatHex(digest(bytes));
  }

  /** The first {@code prefixBytes} bytes of the digest of {@code text} (UTF-8), in lower-case hex. */
  public static String hexPrefix(String text, int prefixBytes) {
    return HEX.formatHex(digest(text), 0, prefixBytes);
  }

  /** Finishes {@code digest} (which is reset) and returns its value in lower-case hex. */
  public static String finishHex(MessageDigest digest) {
    return HEX.formatHex(digest.digest());
  }
}
