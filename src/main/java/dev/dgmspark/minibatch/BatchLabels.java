package dev.dgmspark.minibatch;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The attribute values of the images in one {@link ImageBatchFile}, stored next to it: per image and attribute,
 * the index of the value in that attribute's value list, or {@link #MISSING}.
 *
 * @param count images
 * @param attributes attribute columns, in the order the export was given
 * @param codes {@code count * attributes} value indices, image by image
 */
public record BatchLabels(int count, int attributes, byte[] codes) {
  /** Code of a missing or unlisted value. */
  public static final int MISSING = 255;
  private static final int MAGIC = 0x44474d4c; // "DGML"

  public BatchLabels {
    if ((long) count * attributes != codes.length) {
      throw new IllegalArgumentException("label array does not match " + count + "x" + attributes);
    }
  }

  /** The file of a batch's labels: the batch file's name with {@code .labels} for {@code .bin}. */
  public static String pathFor(String batchPath) {
    return batchPath.replaceFirst("\\.bin$", "") + ".labels";
  }

  /** The value index of {@code attribute} for image {@code image}, or {@link #MISSING}. */
  public int code(int image, int attribute) {
    return codes[image * attributes + attribute] & 0xff;
  }

  public void write(OutputStream out) throws IOException {
    DataOutputStream data = new DataOutputStream(out);
    data.writeInt(MAGIC);
    data.writeInt(count);
    data.writeInt(attributes);
    data.write(codes);
    data.flush();
  }

  public static BatchLabels read(InputStream in) throws IOException {
    DataInputStream data = new DataInputStream(in);
    if (data.readInt() != MAGIC) {
      throw new IOException("not a dgm-spark batch label file");
    }
    int count = data.readInt();
    int attributes = data.readInt();
    byte[] codes = new byte[Math.multiplyExact(count, attributes)];
    data.readFully(codes);
    return new BatchLabels(count, attributes, codes);
  }
}
