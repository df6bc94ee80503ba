package dev.dgmspark.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dgmspark.engine.NoiseStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** DiffAugment: its adjoint is exact, each transformation does what it says, policies parse and print. */
class DiffAugmentTest {
  private static final long[] SHAPE = {6, 3, 16, 16};

  private static INDArray random(long seed) {
    return new NoiseStream(seed).gaussian(6, 3 * 16 * 16).castTo(DataType.DOUBLE).reshape(SHAPE);
  }

  @Test
  void adjointSatisfiesTheInnerProductIdentityForEveryPolicy() {
    for (String text : List.of("color", "brightness", "saturation", "contrast", "translation", "cutout",
        "color,translation,cutout", "brightness,contrast,translation")) {
      DiffAugment.Policy policy = DiffAugment.Policy.parse(text);
      DiffAugment augment = DiffAugment.draw(policy, SHAPE, new NoiseStream(11));
      INDArray x = random(1);
      INDArray g = random(2);
      // apply is affine (brightness adds an offset): its linear part is apply(x) - apply(0).
      INDArray linear = augment.apply(x).sub(augment.apply(Nd4j.zeros(DataType.DOUBLE, SHAPE)));
      double left = linear.mul(g).sumNumber().doubleValue();
      double right = x.mul(augment.adjoint(g)).sumNumber().doubleValue();
      assertEquals(left, right, 1e-9 * Math.max(1, Math.abs(left)), text);
      assertNotEquals(0.0, linear.sub(x).norm2Number().doubleValue(), text + " changed nothing");
    }
  }

  @Test
  void noPolicyLeavesImagesAndGradientsAlone() {
    DiffAugment augment = DiffAugment.draw(DiffAugment.Policy.NONE, SHAPE, new NoiseStream(3));
    INDArray x = random(4);
    assertEquals(x, augment.apply(x));
    assertEquals(x, augment.adjoint(x));
    assertEquals(false, DiffAugment.Policy.NONE.any());
  }

  @Test
  void translationMovesEachImageByAtMostAnEighthOfItsSide() {
    long[] shape = {40, 1, 16, 16};
    INDArray x = Nd4j.zeros(DataType.DOUBLE, shape);
    for (int i = 0; i < 40; i++) {
      x.putScalar(new long[] {i, 0, 8, 8}, 1.0);
    }
    INDArray moved = DiffAugment.draw(DiffAugment.Policy.parse("translation"), shape, new NoiseStream(5)).apply(x);
    int unmoved = 0;
    for (int i = 0; i < 40; i++) {
      INDArray image = moved.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i)).reshape(16, 16);
      assertEquals(1.0, image.sumNumber().doubleValue(), 1e-12, "the lit pixel stays in the image");
      int at = image.reshape(256).argMax().getInt(0);
      int dy = at / 16 - 8;
      int dx = at % 16 - 8;
      assertTrue(Math.abs(dx) <= 2 && Math.abs(dy) <= 2, "moved by " + dx + ", " + dy);
      unmoved += dx == 0 && dy == 0 ? 1 : 0;
    }
    assertTrue(unmoved < 10, unmoved + " of 40 images did not move");
  }

  @Test
  void cutoutBlanksOneSquareOfHalfTheSideInEveryChannel() {
    long[] shape = {30, 3, 16, 16};
    INDArray ones = Nd4j.ones(DataType.DOUBLE, shape);
    INDArray cut = DiffAugment.draw(DiffAugment.Policy.parse("cutout"), shape, new NoiseStream(8)).apply(ones);
    for (int i = 0; i < 30; i++) {
      double[] blanked = new double[3];
      for (int c = 0; c < 3; c++) {
        INDArray plane = cut.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i),
            org.nd4j.linalg.indexing.NDArrayIndex.point(c));
        blanked[c] = 256 - plane.sumNumber().doubleValue();
      }
      // An 8x8 square whose centre lies in the image: a quarter of it at least, all of it at most.
      assertTrue(blanked[0] >= 16 && blanked[0] <= 64, "blanked " + blanked[0]);
      assertEquals(blanked[0], blanked[1]);
      assertEquals(blanked[0], blanked[2]);
    }
  }

  @Test
  void colourKeepsGreyImagesGreyAndShiftsBrightness() {
    long[] shape = {20, 3, 8, 8};
    INDArray grey = Nd4j.zeros(DataType.DOUBLE, shape).addi(0.2);
    INDArray out = DiffAugment.draw(DiffAugment.Policy.parse("color"), shape, new NoiseStream(9)).apply(grey);
    for (int i = 0; i < 20; i++) {
      INDArray image = out.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i));
      // Saturation and contrast leave a uniform grey as it is; brightness adds one offset in [-0.5, 0.5).
      double first = image.getDouble(0, 0, 0);
      assertEquals(0.0, image.sub(first).norm2Number().doubleValue(), 1e-12);
      assertTrue(first >= 0.2 - 0.5 && first < 0.2 + 0.5);
    }
  }

  @Test
  void colorIsItsThreePartsAndEachPartDoesOnlyItsOwnChange() {
    INDArray x = random(7);
    INDArray color = DiffAugment.draw(DiffAugment.Policy.parse("color"), SHAPE, new NoiseStream(14)).apply(x);
    INDArray parts = DiffAugment.draw(DiffAugment.Policy.parse("brightness,saturation,contrast"), SHAPE,
        new NoiseStream(14)).apply(x);
    assertEquals(color, parts);
    // Without saturation a grey image stays grey: every pixel's channels stay equal.
    INDArray plane = random(8).get(NDArrayIndex.all(), NDArrayIndex.interval(0, 1), NDArrayIndex.all(),
        NDArrayIndex.all()).dup();
    INDArray grey = Nd4j.concat(1, plane, plane, plane);
    INDArray toned = DiffAugment.draw(DiffAugment.Policy.parse("brightness,contrast"), SHAPE, new NoiseStream(15))
        .apply(grey);
    for (int c = 1; c < 3; c++) {
      assertTrue(toned.get(NDArrayIndex.all(), NDArrayIndex.point(0)).equalsWithEps(
          toned.get(NDArrayIndex.all(), NDArrayIndex.point(c)), 1e-12), "channel " + c);
    }
    assertNotEquals(grey, toned);
    // Saturation alone keeps each pixel's channel mean.
    INDArray saturated = DiffAugment.draw(DiffAugment.Policy.parse("saturation"), SHAPE, new NoiseStream(16))
        .apply(x);
    assertTrue(x.mean(1).equalsWithEps(saturated.mean(1), 1e-9));
    assertNotEquals(x, saturated);
  }

  @Test
  void theSameStreamDrawsTheSameAugmentation() {
    DiffAugment.Policy all = DiffAugment.Policy.parse("color,translation,cutout");
    INDArray x = random(6);
    assertEquals(DiffAugment.draw(all, SHAPE, new NoiseStream(12)).apply(x),
        DiffAugment.draw(all, SHAPE, new NoiseStream(12)).apply(x));
    assertNotEquals(DiffAugment.draw(all, SHAPE, new NoiseStream(12)).apply(x),
        DiffAugment.draw(all, SHAPE, new NoiseStream(13)).apply(x));
  }

  @Test
  void policiesParseAndPrint() {
    assertEquals(DiffAugment.Policy.NONE, DiffAugment.Policy.parse("none"));
    assertEquals(new DiffAugment.Policy(true, true, false), DiffAugment.Policy.parse(" Translation , color "));
    assertEquals("color,translation", DiffAugment.Policy.parse("translation,color").label());
    assertEquals("none", DiffAugment.Policy.NONE.label());
    assertEquals(new DiffAugment.Policy(true, false, true, true, false),
        DiffAugment.Policy.parse("contrast,translation,brightness"));
    assertEquals("color,cutout", DiffAugment.Policy.parse("saturation,cutout,brightness,contrast").label());
    for (String label : List.of("color", "cutout", "color,translation,cutout", "brightness,contrast,translation",
        "saturation")) {
      assertEquals(label, DiffAugment.Policy.parse(label).label());
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DiffAugment.Policy.parse("color,flip"));
    assertTrue(e.getMessage().contains("color, brightness, saturation, contrast, translation, cutout"),
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> DiffAugment.draw(DiffAugment.Policy.NONE, SHAPE,
        new NoiseStream(1)).apply(Nd4j.zeros(DataType.DOUBLE, 2, 3, 16, 16)));
  }
}
