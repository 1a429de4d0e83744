package dev.computectl.spec;

/** One validation finding: where ({@code cluster.databases[2].owner}) and what is wrong. */
public record SpecProblem(String path, String message) {
  @Override
  public String toString() {
    return path.isEmpty() ? message : path + ": " + message;
  }
}
