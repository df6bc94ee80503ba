package dev.dgmspark.minibatch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.dgmspark.vae.ImageBatchLoader;
import dev.dgmspark.common.ModelKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

class ImageBatchFileTest {
  private static ImageBatchFile sample() {
    byte[] pixels = new byte[2 * 3 * 4 * 5];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) (i * 7);
    }
    return new ImageBatchFile(2, 3, 4, 5, pixels);
  }

  @Test
  void roundTripsAndRejectsOtherFiles() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    sample().write(out);
    ImageBatchFile back = ImageBatchFile.read(new ByteArrayInputStream(out.toByteArray()));
    assertEquals(2, back.count());
    assertEquals(3, back.channels());
    assertArrayEquals(sample().pixels(), back.pixels());
    assertThrows(IOException.class, () -> ImageBatchFile.read(new ByteArrayInputStream(new byte[] {1, 2, 3, 4})));
  }

  @Test
  void loaderScalesPixelsAndBuildsTheTargetsEachModelNeeds() {
    ImageBatchFile batch = sample();
    MultiDataSet vae = new ImageBatchLoader(ModelKind.VAE, 6).toMultiDataSet(batch);
    INDArray x = vae.getFeatures(0);
    assertArrayEquals(new long[] {2, 3, 4, 5}, x.shape());
    // pixel (image 1, channel 2, row 3, column 4) sits at 1*60 + 2*20 + 3*5 + 4 = 119 in the file
    assertEquals((batch.pixels()[119] & 0xff) / 255.0, x.getDouble(1, 2, 3, 4), 1e-6);
    assertEquals(2, vae.getLabels().length);
    assertArrayEquals(new long[] {2, 60}, vae.getLabels(0).shape());
    assertEquals(x.getDouble(1, 2, 3, 4), vae.getLabels(0).getDouble(1, 59), 1e-6);
    assertArrayEquals(new long[] {2, 12}, vae.getLabels(1).shape());
    assertEquals(1, new ImageBatchLoader(ModelKind.AE, 6).toMultiDataSet(batch).getLabels().length);
  }
}
