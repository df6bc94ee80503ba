/** Benchmarks run by the scripts under {@code scripts/bench-*}; they write their figures to files. */
package dev.dgmspark.bench;
