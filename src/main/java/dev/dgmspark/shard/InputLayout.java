package dev.dgmspark.shard;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How the input folder is organised, which decides where a shard row's attributes come from. */
public enum InputLayout {
  /** Any tree of image files; attributes only from a CSV. */
  FILES,

  /**
   * torchvision's ImageFolder layout: {@code root/<class>/.../image.png}. The first folder under the root becomes the
   * {@code label} attribute column (beside any CSV columns); files directly under the root get no label.
   */
  IMAGEFOLDER;

  /** The name as the command line and {@code summary.json} spell it: {@code files}, {@code imagefolder}. */
  @JsonValue
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
