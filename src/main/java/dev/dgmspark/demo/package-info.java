/** The end-to-end demo: synthetic faces, then {@code audit} on them, on the embedded default. */
package dev.dgmspark.demo;
