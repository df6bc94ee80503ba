package dev.dgmspark.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ImageGrid}: cell sizes, the gap, scaling, and short rows. */
class ImageGridTest {
  private static final int GAP_RGB = 0x303030;

  private static BufferedImage plain(int width, int height, int rgb) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, rgb);
      }
    }
    return image;
  }

  @Test
  void cellsAreScaledAndSeparatedByATwoPixelGap() {
    BufferedImage red = plain(4, 3, 0xff0000);
    BufferedImage green = plain(4, 3, 0x00ff00);
    BufferedImage blue = plain(4, 3, 0x0000ff);
    // Two rows: three cells, then one; scale 2 makes cells 8 x 6.
    BufferedImage grid = ImageGrid.rows(List.of(List.of(red, green, blue), List.of(green)), 2);
    assertEquals(2 + 3 * (8 + 2), grid.getWidth());
    assertEquals(2 + 2 * (6 + 2), grid.getHeight());

    assertEquals(GAP_RGB, grid.getRGB(0, 0) & 0xffffff, "outer gap");
    assertEquals(GAP_RGB, grid.getRGB(10, 5) & 0xffffff, "gap between the first two cells");
    assertEquals(GAP_RGB, grid.getRGB(5, 8) & 0xffffff, "gap between the rows");
    // Every pixel of a scaled cell is its picture's colour (a plain picture scales to a plain cell).
    for (int y = 2; y < 8; y++) {
      for (int x = 2; x < 10; x++) {
        assertEquals(0xff0000, grid.getRGB(x, y) & 0xffffff, "red cell at " + x + "," + y);
        assertEquals(0x00ff00, grid.getRGB(x + 10, y) & 0xffffff, "green cell");
        assertEquals(0x0000ff, grid.getRGB(x + 20, y) & 0xffffff, "blue cell");
        assertEquals(0x00ff00, grid.getRGB(x, y + 8) & 0xffffff, "second row's cell");
      }
    }
    // The missing cells of the short row stay background.
    assertEquals(GAP_RGB, grid.getRGB(15, 12) & 0xffffff);
    assertEquals(GAP_RGB, grid.getRGB(25, 12) & 0xffffff);
  }

  @Test
  void scaleOneKeepsThePixels() {
    BufferedImage picture = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
    int[] colours = {0x102030, 0x405060, 0x708090, 0xa0b0c0, 0xd0e0f0, 0x010203};
    for (int i = 0; i < colours.length; i++) {
      picture.setRGB(i % 3, i / 3, colours[i]);
    }
    BufferedImage grid = ImageGrid.rows(List.of(List.of(picture)), 1);
    assertEquals(2 + 3 + 2, grid.getWidth());
    assertEquals(2 + 2 + 2, grid.getHeight());
    for (int i = 0; i < colours.length; i++) {
      assertEquals(colours[i], grid.getRGB(2 + i % 3, 2 + i / 3) & 0xffffff, "pixel " + i);
    }
  }
}
