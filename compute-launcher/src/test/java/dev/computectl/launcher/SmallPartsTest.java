package dev.computectl.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SmallPartsTest {

  @Test
  void redactMasksUserInfoPasswordAndPasswordParameter() {
    assertThat(Redact.connstr(URI.create("postgresql://admin:s3cret@db:5432/postgres")))
        .isEqualTo("postgresql://admin:***@db:5432/postgres");
    assertThat(Redact.connstr(URI.create("postgresql://db/postgres?user=a&password=x1&ssl=1")))
        .isEqualTo("postgresql://db/postgres?user=a&password=***&ssl=1");
    assertThat(Redact.connstr(URI.create("postgresql://admin@db/postgres")))
        .isEqualTo("postgresql://admin@db/postgres");
  }

  @Test
  void templateCacheFollowsXdgThenHomeAndAvoidsRootsHome() {
    assertThat(DefaultPaths.templateCache(Map.of("XDG_CACHE_HOME", "/x/cache"), "ann",
        "/home/ann", "/tmp")).isEqualTo(Path.of("/x/cache/compute_ctl/templates"));
    assertThat(DefaultPaths.templateCache(Map.of(), "ann", "/home/ann", "/tmp"))
        .isEqualTo(Path.of("/home/ann/.cache/compute_ctl/templates"));
    assertThat(DefaultPaths.templateCache(Map.of("XDG_CACHE_HOME", "/root/.cache"), "root",
        "/root", "/var/tmp")).isEqualTo(Path.of("/var/tmp/compute_ctl-templates"));
  }
}
