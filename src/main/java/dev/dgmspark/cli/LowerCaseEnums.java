package dev.dgmspark.cli;

import dev.dgmspark.debias.Combine;
import dev.dgmspark.common.ModelKind;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Option converters for enums spelled in lower case on the command line ({@code --model vae}), whose error names
 * the allowed values the way the user types them.
 */
final class LowerCaseEnums {
  private LowerCaseEnums() {}

  static <E extends Enum<E>> E parse(Class<E> type, String value) {
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(value)) {
        return constant;
      }
    }
    throw new TypeConversionException("'" + value + "'; allowed: " + allowed(type));
  }

  static <E extends Enum<E>> String allowed(Class<E> type) {
    return Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT))
        .collect(Collectors.joining(", "));
  }

  /** {@code --model}. */
  static final class ModelKindConverter implements ITypeConverter<ModelKind> {
    @Override
    public ModelKind convert(String value) {
      return parse(ModelKind.class, value);
    }
  }

  /** {@code --combine}. */
  static final class CombineConverter implements ITypeConverter<Combine> {
    @Override
    public Combine convert(String value) {
      return parse(Combine.class, value);
    }
  }
}
