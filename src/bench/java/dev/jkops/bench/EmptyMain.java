package dev.jkops.bench;

/**
 * A program that does nothing: the start-up benchmark's floor. Started with jkops' JVM flags and a
 * class-data archive of its own, it takes what any Java command takes before its first line runs,
 * so the gap between it and {@code kubectl version --client} is the part of the 2x budget the JVM
 * itself eats.
 */
public final class EmptyMain {
  private EmptyMain() {}

  public static void main(String[] args) {
    // nothing: the JVM's own start and exit are what is measured
  }
}
