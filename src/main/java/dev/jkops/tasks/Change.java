package dev.jkops.tasks;

/** One field that differs between the live resource and the desired one. */
public record Change(String field, String before, String after) {
  @Override
  public String toString() {
    return field + ": " + before + " -> " + after;
  }
}
