package dev.computectl.testkit.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one benchmark run does, from system properties: {@code bench.quick} (3 runs, a tenth of
 * the objects, within 3 minutes), {@code bench.runs}, {@code bench.sections} (e.g.
 * {@code P1,P3}), {@code bench.out} (the JSON's folder) and {@code bench.launcherJar}.
 */
record BenchSettings(
    boolean quick,
    int runs,
    int roles,
    int databases,
    int scramRoles,
    int computes,
    Set<String> sections,
    Path outDir,
    Optional<Path> launcherJar) {

  static BenchSettings fromSystemProperties() {
    boolean quick = Boolean.parseBoolean(System.getProperty("bench.quick", "false"));
    int runs = Integer.getInteger("bench.runs", quick ? 3 : 5);
    int scale = quick ? 10 : 1;
    String selected = System.getProperty("bench.sections", "");
    Set<String> sections = Arrays.stream(
            (selected.isBlank() ? "P1,P1s,P2,P3,P3l,P4,P5,P6,P7" : selected).split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
    Path out = Path.of(System.getProperty("bench.out", "target/bench"));
    return new BenchSettings(quick, runs, 1000 / scale, 100 / scale, 200 / scale,
        quick ? 5 : 20, sections, out, findLauncherJar());
  }

  boolean runs(String section) {
    return sections.contains(section);
  }

  /** {@code bench.launcherJar}, else the shaded jar next to this checkout's testkit, if built. */
  private static Optional<Path> findLauncherJar() {
    String given = System.getProperty("bench.launcherJar");
    if (given != null && !given.isBlank()) {
      return Optional.of(Path.of(given)).filter(Files::isRegularFile);
    }
    String suffix = System.getProperty("bench.buildSuffix", "");
    Path root = Path.of(System.getProperty("bench.projectRoot", ".."));
    for (String dir : new String[] {"target" + suffix, "target"}) {
      Path jar = root.resolve("compute-launcher").resolve(dir).resolve("compute_ctl.jar");
      if (Files.isRegularFile(jar)) {
        return Optional.of(jar.toAbsolutePath().normalize());
      }
    }
    return Optional.empty();
  }
}
