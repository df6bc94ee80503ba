package dev.dgmspark.engine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The model zip of a family with several networks (a GAN's generator and discriminator...): one entry per network,
 * each a DL4J model zip with its updater state, and optionally arrays beside them (a generator's moving average).
 */
public final class NetworkZip {
  private NetworkZip() {}

  /** Writes {@code networks} (entry name to network, in order) as one zip. */
  public static void write(Map<String, Model> networks, OutputStream out) throws IOException {
    write(networks, Map.of(), out);
  }

  /**
   * Writes {@code networks} (entry name to network, in order) and then {@code extra} entries (name to bytes, e.g. an
   * array from {@link #arrayBytes}) as one zip.
   */
  public static void write(Map<String, Model> networks, Map<String, byte[]> extra, OutputStream out)
      throws IOException {
    ZipOutputStream zip = new ZipOutputStream(out);
    for (Map.Entry<String, Model> network : networks.entrySet()) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      ModelSerializer.writeModel(network.getValue(), bytes, true);
      zip.putNextEntry(new ZipEntry(network.getKey()));
      bytes.writeTo(zip);
      zip.closeEntry();
    }
    for (Map.Entry<String, byte[]> entry : extra.entrySet()) {
      zip.putNextEntry(new ZipEntry(entry.getKey()));
      zip.write(entry.getValue());
      zip.closeEntry();
    }
    zip.finish();
  }

  /**
   * The entry that holds the moving average of the network in entry {@code network}: {@code generator.zip} →
   * {@code generator-average.bin}.
   */
  public static String averageEntry(String network) {
    return (network.endsWith(".zip") ? network.substring(0, network.length() - 4) : network) + "-average.bin";
  }

  /** {@code array} in ND4J's binary format, as an entry for {@link #write(Map, Map, OutputStream)}. */
  public static byte[] arrayBytes(INDArray array) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream data = new DataOutputStream(bytes);
    Nd4j.write(array, data);
    data.flush();
    return bytes.toByteArray();
  }

  /** The entries of a zip written by {@link #write}: name to the network's DL4J model zip. */
  private static Map<String, byte[]> entries(InputStream in) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    ZipInputStream zip = new ZipInputStream(in);
    for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
      entries.put(entry.getName(), zip.readAllBytes());
    }
    return entries;
  }

  /** A zip written by {@link #write}, read whole: its networks restored by entry name. */
  public static Contents read(InputStream in) throws IOException {
    return new Contents(entries(in));
  }

  /**
   * The entries of a model zip, restored on demand; a missing entry is an {@link IOException} naming it (a zip of
   * another family, or a truncated one).
   */
  public static final class Contents {
    private final Map<String, byte[]> entries;

    private Contents(Map<String, byte[]> entries) {
      this.entries = entries;
    }

    /** The entry names, in the order they were written. */
    public List<String> names() {
      return List.copyOf(entries.keySet());
    }

    /** The raw bytes of entry {@code name}. */
    public byte[] bytes(String name) throws IOException {
      byte[] bytes = entries.get(name);
      if (bytes == null) {
        throw new IOException("the model zip holds no " + name + " (entries: " + entries.keySet() + ")");
      }
      return bytes;
    }

    /**
     * Entry {@code name}, written by {@link #arrayBytes}, as an array of the data type and shape of {@code like}; an
     * array of another length is an {@link IOException}.
     */
    public INDArray array(String name, INDArray like) throws IOException {
      INDArray array = Nd4j.read(new DataInputStream(new ByteArrayInputStream(bytes(name))));
      if (array.length() != like.length()) {
        throw new IOException(name + " holds " + array.length() + " values; expected " + like.length());
      }
      return array.castTo(like.dataType()).reshape(like.shape());
    }

    /**
     * The moving average stored for the network in entry {@code network} ({@link #averageEntry}), or, when the zip
     * holds none, a copy of {@code params}: an average that starts at the network's weights.
     */
    public INDArray average(String network, INDArray params) throws IOException {
      String entry = averageEntry(network);
      return entries.containsKey(entry) ? array(entry, params) : params.dup();
    }

    /** Entry {@code name} as a graph, with its updater state when {@code withUpdater}. */
    public ComputationGraph graph(String name, boolean withUpdater) throws IOException {
      return ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(bytes(name)), withUpdater);
    }

    /** Entry {@code name} as a layer stack, with its updater state when {@code withUpdater}. */
    public MultiLayerNetwork layers(String name, boolean withUpdater) throws IOException {
      return ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes(name)), withUpdater);
    }
  }
}
