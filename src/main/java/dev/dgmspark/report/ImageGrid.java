package dev.dgmspark.report;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import javax.imageio.ImageIO;

/** Lays pictures out in a grid with a thin gap, as a PNG: reconstructions under inputs, samples, traversals. */
public final class ImageGrid {
  private static final int GAP = 2;

  private ImageGrid() {}

  /** A grid with one row per list; all pictures the same size; missing cells stay background. */
  public static BufferedImage rows(List<List<BufferedImage>> rows, int scale) {
    int cellW = rows.get(0).get(0).getWidth() * scale;
    int cellH = rows.get(0).get(0).getHeight() * scale;
    int columns = rows.stream().mapToInt(List::size).max().orElse(0);
    BufferedImage grid = new BufferedImage(GAP + columns * (cellW + GAP), GAP + rows.size() * (cellH + GAP),
        BufferedImage.TYPE_INT_RGB);
    Graphics2D g = grid.createGraphics();
    g.setColor(new Color(0x30, 0x30, 0x30));
    g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
    for (int r = 0; r < rows.size(); r++) {
      for (int c = 0; c < rows.get(r).size(); c++) {
        g.drawImage(rows.get(r).get(c), GAP + c * (cellW + GAP), GAP + r * (cellH + GAP), cellW, cellH, null);
      }
    }
    g.dispose();
    return grid;
  }

  /** PNG bytes of an image. */
  public static byte[] png(BufferedImage image) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(image, "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException("PNG encoding to memory cannot fail", e);
    }
  }
}
