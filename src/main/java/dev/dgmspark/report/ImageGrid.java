package dev.dgmspark.report;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import dev.dgmspark.minibatch.ImagePixels;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Lays pictures out in a grid with a thin gap: reconstructions under inputs, samples, traversals. Write it with
 * {@link dev.dgmspark.io.PngWriter#bytes}.
 */
public final class ImageGrid {
  private static final int GAP = 2;

  private ImageGrid() {}

  /**
   * The first images of a [n, c, h, w] array of values in [0, 1], {@code columns} per row, at most {@code limit},
   * each drawn {@code scale} times its size.
   */
  public static BufferedImage of(INDArray images, int columns, int limit, int scale) {
    int n = (int) Math.min(images.size(0), limit);
    List<List<BufferedImage>> rows = new ArrayList<>();
    for (int from = 0; from < n; from += columns) {
      List<BufferedImage> row = new ArrayList<>();
      for (int i = from; i < Math.min(n, from + columns); i++) {
        row.add(ImagePixels.toImage(images, i));
      }
      rows.add(row);
    }
    return rows(rows, scale);
  }

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
}
