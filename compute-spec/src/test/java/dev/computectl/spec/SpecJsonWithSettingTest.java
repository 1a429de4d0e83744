package dev.computectl.spec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SpecJsonWithSettingTest {

  private static ComputeSpec spec() throws Exception {
    return SpecJson.readSpec("{\"format_version\": 1.0, \"suspend_timeout_seconds\": 300,"
        + " \"cluster\": {\"roles\": [], \"databases\": [], \"settings\": ["
        + "{\"name\": \"port\", \"value\": \"55433\", \"vartype\": \"integer\"},"
        + "{\"name\": \"work_mem\", \"value\": \"4MB\", \"vartype\": \"string\"}]}}");
  }

  @Test
  void replacesInPlaceAddsWhenMissingAndRemovesWithNull() throws Exception {
    ComputeSpec replaced = SpecJson.withSetting(spec(), "port", "55434", "integer");
    assertThat(replaced.cluster().settings()).extracting(GenericOption::name)
        .containsExactly("port", "work_mem");
    assertThat(replaced.cluster().setting("port")).contains("55434");

    ComputeSpec added = SpecJson.withSetting(spec(), "fsync", "off", "bool");
    assertThat(added.cluster().setting("fsync")).contains("off");

    ComputeSpec removed = SpecJson.withSetting(spec(), "port", null, null);
    assertThat(removed.cluster().setting("port")).isEmpty();
    assertThat(removed.cluster().setting("work_mem")).contains("4MB");
    assertThat(removed.tenantId()).isEqualTo(spec().tenantId());
  }
}
