package dev.dgmspark.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

/** {@link Sha256} against the FIPS 180-2 test vectors. */
class Sha256Test {
  private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
  private static final String EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  @Test
  void oneShotDigestsMatchTheStandardVectors() {
    assertEquals(ABC, Sha256.hex("abc".getBytes(StandardCharsets.US_ASCII)));
    assertEquals(EMPTY, Sha256.hex(new byte[0]));
    // The per-thread digest is reset between calls: the same input gives the same value again.
    assertEquals(ABC, Sha256.hex("abc".getBytes(StandardCharsets.US_ASCII)));
    assertEquals(ABC.substring(0, 24), Sha256.hexPrefix("abc", 12));
    assertEquals(0xba, Sha256.digest("abc")[0] & 0xff);
  }

  @Test
  void aDigestFedPieceByPieceGivesTheSameValue() {
    MessageDigest digest = Sha256.newDigest();
    digest.update((byte) 'a');
    digest.update("bc".getBytes(StandardCharsets.US_ASCII));
    assertEquals(ABC, Sha256.finishHex(digest));
    assertEquals(EMPTY, Sha256.finishHex(digest), "finishing resets the digest");
  }
}
