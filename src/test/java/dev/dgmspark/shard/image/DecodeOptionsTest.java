package dev.dgmspark.shard.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

/** Tests option defaults, validation and that options and outcomes survive Java serialisation (Spark). */
class DecodeOptionsTest {

  @Test
  void defaults() {
    DecodeOptions o = DecodeOptions.defaults();
    assertEquals(64, o.size());
    assertEquals(3, o.channels());
    assertEquals(25_000_000L, o.maxPixels());
    assertEquals("rgb", o.layout());
    assertEquals("grey", o.withChannels(1).layout());
  }

  @Test
  void invalidValuesAreRejectedWithTheValueInTheMessage() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DecodeOptions(64, 2, 1));
    assertEquals("Cannot set channels to 2, the value must be 1 (grey) or 3 (RGB).", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> DecodeOptions.defaults().withSize(0));
    assertThrows(IllegalArgumentException.class, () -> DecodeOptions.defaults().withSize(DecodeOptions.MAX_SIZE + 1));
    assertThrows(IllegalArgumentException.class, () -> DecodeOptions.defaults().withMaxPixels(0));
  }

  @Test
  void optionsAndOutcomesSerialise() throws Exception {
    DecodeOptions options = DecodeOptions.defaults().withSize(32);
    assertEquals(options, roundTrip(options));
    try (ImageDecoder decoder = new ImageDecoder(options)) {
      DecodeOutcome accepted = decoder.decode(ImageFixtures.Good.BASELINE_JPEG.bytes(), "a.jpg");
      DecodeOutcome.Accepted copy = (DecodeOutcome.Accepted) roundTrip(accepted);
      assertEquals(((DecodeOutcome.Accepted) accepted).bytes().length, copy.bytes().length);
      DecodeOutcome rejected = decoder.decode(new byte[0], "b.jpg");
      assertEquals(rejected, roundTrip(rejected));
    }
  }

  private static Object roundTrip(Object o) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(o);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return in.readObject();
    }
  }
}
