/**
 * Image decoding and validation for the {@code shard} job: one call per input file on the executors.
 *
 * <p>{@link dev.dgmspark.shard.image.ImageDecoder} turns the raw bytes of one file into a {@link
 * dev.dgmspark.shard.image.DecodeOutcome}: either a normalised square image (RGB or grey, 8-bit: a PNG, or the
 * source PNG or JPEG itself when it already was one, validated in full) or a rejection with a stable {@link
 * dev.dgmspark.shard.image.RejectReason} code and a message naming the specifics. Baseline JPEGs are read on their
 * DCT coefficients by {@link dev.dgmspark.shard.image.BaselineJpeg}; everything else through ImageIO. Nothing here
 * depends on Spark; a decoder instance is confined to one thread (one per Spark task) because it caches readers,
 * tables and a writer.
 *
 * <p>Only PNG and JPEG are accepted. The format is sniffed from magic bytes, PNG files are checked chunk by
 * chunk (CRC-32 included) before decoding, and the pixel count is checked against a limit from the header
 * alone so that a decompression bomb is refused before any pixel is allocated.
 */
package dev.dgmspark.shard.image;
