package dev.computectl.launcher;

import java.nio.file.Path;
import java.util.Map;

/** Defaults for paths the command line does not name. */
final class DefaultPaths {

  private DefaultPaths() {}

  /**
   * The initdb template cache: {@code $XDG_CACHE_HOME/compute_ctl/templates}, else {@code
   * ~/.cache/compute_ctl/templates}. As root, Postgres runs as the {@code postgres} user, which
   * cannot enter root's home, so the cache goes to {@code <java.io.tmpdir>/compute_ctl-templates}.
   */
  static Path templateCache(Map<String, String> env) {
    return templateCache(env, System.getProperty("user.name"), System.getProperty("user.home"),
        System.getProperty("java.io.tmpdir"));
  }

  static Path templateCache(Map<String, String> env, String user, String home, String tmpdir) {
    if ("root".equals(user)) {
      return Path.of(tmpdir, "compute_ctl-templates");
    }
    String xdg = env.get("XDG_CACHE_HOME");
    Path cache = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(home, ".cache");
    return cache.resolve("compute_ctl").resolve("templates");
  }
}
