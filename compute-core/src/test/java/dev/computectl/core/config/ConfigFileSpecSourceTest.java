package dev.computectl.core.config;

import dev.computectl.core.port.SpecSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.computectl.core.testing.Specs;
import dev.computectl.spec.SpecJson;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileSpecSourceTest {

  @TempDir Path dir;

  @Test
  void rereadsTheFileOnEveryFetch() throws Exception {
    Path file = dir.resolve("config.json");
    ConfigFileSpecSource source = new ConfigFileSpecSource(file);
    Files.writeString(file, "{\"spec\": " + SpecJson.write(Specs.primary("4MB"))
        + ", \"compute_ctl_config\": {\"jwks\": {\"keys\": []}}}");
    assertThat(source.fetch().spec()).isEqualTo(Specs.primary("4MB"));
    Files.writeString(file, "{\"spec\": " + SpecJson.write(Specs.primary("8MB"))
        + ", \"compute_ctl_config\": {\"jwks\": {\"keys\": []}}}");
    assertThat(source.fetch().spec()).isEqualTo(Specs.primary("8MB"));
  }

  @Test
  void namesTheFileOnErrors() throws Exception {
    Path file = dir.resolve("broken.json");
    Files.writeString(file, "{\"spec\": 3}");
    assertThatThrownBy(() -> new ConfigFileSpecSource(file).fetch())
        .isInstanceOf(SpecSource.SpecFetchException.class)
        .hasMessageContaining("broken.json");
    assertThatThrownBy(() -> new ConfigFileSpecSource(dir.resolve("missing.json")).fetch())
        .hasMessageContaining("missing.json");
  }
}
