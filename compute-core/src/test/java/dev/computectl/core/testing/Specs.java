package dev.computectl.core.testing;

import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.SpecJson;

/** Small specs for unit tests. */
public final class Specs {

  private Specs() {}

  /** A Primary with one role and one database; {@code workMem} varies a setting. */
  public static ComputeSpec primary(String workMem) {
    String json = "{\"format_version\": 1.0, \"suspend_timeout_seconds\": 300,"
        + " \"cluster\": {\"roles\": [{\"name\": \"alice\", \"encrypted_password\": null,"
        + " \"options\": null}], \"databases\": [{\"name\": \"app\", \"owner\": \"alice\","
        + " \"options\": null}], \"settings\": [{\"name\": \"work_mem\", \"value\": \""
        + workMem + "\", \"vartype\": \"string\"}]}}";
    try {
      return SpecJson.readSpec(json);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
  /** {@link #primary} of a timeline (and a fixed tenant). */
  public static ComputeSpec primaryOf(String timelineId, String workMem) {
    try {
      return SpecJson.readSpec(SpecJson.write(primary(workMem)).replaceFirst("\\{",
          "{\"tenant_id\": \"f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0\", \"timeline_id\": \""
              + timelineId + "\","));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
