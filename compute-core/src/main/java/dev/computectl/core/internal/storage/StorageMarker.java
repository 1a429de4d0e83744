package dev.computectl.core.internal.storage;

import dev.computectl.core.port.PrivilegeDrop;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The file in PGDATA that says which tenant and timeline the cluster there belongs to. Every
 * fresh cluster is a copy of one initdb template, so the system identifier alone cannot tell two
 * timelines apart; this file can. Written after every prepare, read before the next one.
 */
public record StorageMarker(String tenantId, String timelineId) {

  public static final String FILE = "compute_ctl.storage";

  /** The marker of {@code pgdata}, empty when there is none. */
  public static Optional<StorageMarker> read(Path pgdata) throws IOException {
    Path file = pgdata.resolve(FILE);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        values.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
      }
    }
    return Optional.of(new StorageMarker(values.getOrDefault("tenant_id", ""),
        values.getOrDefault("timeline_id", "")));
  }

  /** Records in {@code pgdata} whose cluster it holds, readable by the user Postgres runs as. */
  public void write(Path pgdata, PrivilegeDrop runAs) throws IOException {
    Files.writeString(pgdata.resolve(FILE),
        "# Written by compute_ctl: the timeline this cluster belongs to.\n"
            + "tenant_id=" + tenantId + "\ntimeline_id=" + timelineId + "\n",
        StandardCharsets.UTF_8);
    runAs.grant(pgdata.resolve(FILE));
  }

  /** Whether {@code pgdata} holds a cluster at all (marker or not). */
  public static boolean holdsCluster(Path pgdata) {
    return Files.exists(pgdata.resolve("PG_VERSION"));
  }

  /**
   * Whether {@code pgdata} holds the cluster of this timeline.
   *
   * @return false when it holds no cluster at all
   * @throws IOException naming both timelines when it holds another one (or one compute_ctl
   *     never recorded); nothing is deleted
   */
  public boolean ownsClusterIn(Path pgdata) throws IOException {
    if (!holdsCluster(pgdata)) {
      return false;
    }
    Optional<StorageMarker> marker = read(pgdata);
    if (marker.isEmpty()) {
      throw new IOException("PGDATA " + pgdata + " holds a Postgres cluster that compute_ctl did"
          + " not record for any timeline (no " + FILE + " file); refusing to"
          + " overwrite it with " + this + ". Move it away to restore the timeline there;"
          + " nothing was deleted");
    }
    if (!marker.get().timelineId().equals(timelineId)) {
      throw new IOException("PGDATA " + pgdata + " holds the cluster of " + marker.get()
          + ", but this compute is " + this + "; refusing to touch it, nothing was deleted");
    }
    return true;
  }

  @Override
  public String toString() {
    return "timeline " + timelineId + (tenantId.isEmpty() ? "" : " of tenant " + tenantId);
  }
}
