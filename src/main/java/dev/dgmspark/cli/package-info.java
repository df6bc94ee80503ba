/**
 * The {@code dgm} command line: one picocli command per job that checks its options (exit 2 naming the option and
 * the allowed values) and calls the job. No job logic lives here.
 */
package dev.dgmspark.cli;
