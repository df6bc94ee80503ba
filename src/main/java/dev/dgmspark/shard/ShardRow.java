package dev.dgmspark.shard;

/**
 * One accepted image as it is written to a shard.
 *
 * @param id stable id: a hash of the path relative to the input root
 * @param path the source file's full path (URI)
 * @param imageBytes the normalised image: PNG, or the source PNG or JPEG itself when it already had the output size
 *     and layout
 * @param imagePath the image's path relative to the input root (the {@code path} of the Hugging Face image struct)
 * @param attributes attribute values in {@link ShardSchema#attributeColumns()} order; entries may be null
 */
public record ShardRow(String id, String path, byte[] imageBytes, String imagePath, int height, int width,
    int channels, String sha256, String sourceFormat, int sourceWidth, int sourceHeight, String[] attributes) {}
