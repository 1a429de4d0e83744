package dev.computectl.core.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.computectl.spec.SpecJson;
import org.junit.jupiter.api.Test;

class FreshStorageTest {

  @Test
  void aStaticSpecNeedsStorage() throws Exception {
    var problems = FreshStorage.uncached().check(SpecJson.readSpec("{\"format_version\": 1.0,"
        + " \"suspend_timeout_seconds\": 300, \"mode\": {\"Static\": \"0/16B3748\"},"
        + " \"cluster\": {\"roles\": [], \"databases\": [], \"settings\": []}}"));
    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.path()).isEqualTo("mode");
      assertThat(p.message()).contains("storage").contains("--pgbackrest-config");
    });
  }
}
