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

  /** {@code --listing}. */
  static final class ListingModeConverter implements ITypeConverter<dev.dgmspark.shard.ListingMode> {
    @Override
    public dev.dgmspark.shard.ListingMode convert(String value) {
      return parse(dev.dgmspark.shard.ListingMode.class, value);
    }
  }

  /** {@code --model}. */
  static final class ModelKindConverter implements ITypeConverter<ModelKind> {
    @Override
    public ModelKind convert(String value) {
      return parse(ModelKind.class, value);
    }
  }

  /** {@code --estimator}. */
  static final class DensityEstimatorConverter implements ITypeConverter<dev.dgmspark.debias.DensityEstimator> {
    @Override
    public dev.dgmspark.debias.DensityEstimator convert(String value) {
      return parse(dev.dgmspark.debias.DensityEstimator.class, value);
    }
  }

  /** {@code --features}. */
  static final class FeatureSourceConverter implements ITypeConverter<dev.dgmspark.debias.spark.FeatureSource> {
    @Override
    public dev.dgmspark.debias.spark.FeatureSource convert(String value) {
      try {
        return dev.dgmspark.debias.spark.FeatureSource.ofLabel(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** {@code --layout}. */
  static final class InputLayoutConverter implements ITypeConverter<dev.dgmspark.shard.InputLayout> {
    @Override
    public dev.dgmspark.shard.InputLayout convert(String value) {
      return parse(dev.dgmspark.shard.InputLayout.class, value);
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
