package dev.dgmspark.engine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.util.ModelSerializer;

/**
 * The model zip of a family with several networks (a GAN's generator and discriminator...): one entry per network,
 * each a DL4J model zip with its updater state.
 */
public final class NetworkZip {
  private NetworkZip() {}

  /** Writes {@code networks} (entry name to network, in order) as one zip. */
  public static void write(Map<String, Model> networks, OutputStream out) throws IOException {
    ZipOutputStream zip = new ZipOutputStream(out);
    for (Map.Entry<String, Model> network : networks.entrySet()) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      ModelSerializer.writeModel(network.getValue(), bytes, true);
      zip.putNextEntry(new ZipEntry(network.getKey()));
      bytes.writeTo(zip);
      zip.closeEntry();
    }
    zip.finish();
  }

  /** The entries of a zip written by {@link #write}: name to the network's DL4J model zip. */
  public static Map<String, byte[]> entries(InputStream in) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    ZipInputStream zip = new ZipInputStream(in);
    for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
      entries.put(entry.getName(), zip.readAllBytes());
    }
    return entries;
  }
}
