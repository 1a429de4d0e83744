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

class SpecFileSpecSourceTest {

  @TempDir Path dir;

  @Test
  void rereadsTheBareSpecOnEveryFetchAndCarriesNoKeys() throws Exception {
    Path file = dir.resolve("spec.json");
    SpecFileSpecSource source = new SpecFileSpecSource(file);
    Files.writeString(file, SpecJson.write(Specs.primary("4MB")));
    assertThat(source.fetch().spec()).isEqualTo(Specs.primary("4MB"));
    Files.writeString(file, SpecJson.write(Specs.primary("8MB")));
    assertThat(source.fetch().spec()).isEqualTo(Specs.primary("8MB"));
    assertThat(source.carriesComputeCtlConfig()).isFalse();
    assertThat(source.describe()).isEqualTo("spec file " + file);
  }

  @Test
  void namesTheFileOnErrors() throws Exception {
    Path file = dir.resolve("broken.json");
    Files.writeString(file, "{\"cluster\": 3}");
    assertThatThrownBy(() -> new SpecFileSpecSource(file).fetch())
        .isInstanceOf(SpecSource.SpecFetchException.class)
        .hasMessageContaining("could not parse spec file")
        .hasMessageContaining("broken.json");
    assertThatThrownBy(() -> new SpecFileSpecSource(dir.resolve("missing.json")).fetch())
        .hasMessageContaining("cannot read spec file")
        .hasMessageContaining("missing.json");
  }
}
