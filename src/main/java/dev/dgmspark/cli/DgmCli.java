package dev.dgmspark.cli;

/** Placeholder entry point; replaced below. */
public final class DgmCli {
  public static void main(String[] args) {}
}
