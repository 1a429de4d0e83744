package dev.computectl.core.internal.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.computectl.spec.Lsn;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What {@code pgbackrest info --output=json} says about one stanza: whether it exists, its
 * backups (oldest first) and the WAL its archive holds.
 *
 * @param statusCode pgBackRest's stanza status: 0 ok, 1 missing stanza path, 2 no valid backups,
 *     3 missing stanza data, others errors
 * @param archiveMin the oldest archived segment of the current database, null when none
 * @param archiveMax the newest archived segment, null when none
 */
public record RepoInfo(int statusCode, String statusMessage, List<Backup> backups,
    String archiveMin, String archiveMax) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One backup set. */
  public record Backup(String label, String type, Lsn startLsn, Lsn stopLsn, long bytes) {}

  public RepoInfo {
    backups = List.copyOf(backups);
  }

  /** Parses the JSON of {@code info} for one stanza. */
  public static RepoInfo parse(String json) throws IOException {
    JsonNode root = JSON.readTree(json);
    JsonNode stanza = root.isArray() && root.size() > 0 ? root.get(0) : root;
    JsonNode status = stanza.path("status");
    List<Backup> backups = new ArrayList<>();
    for (JsonNode b : stanza.path("backup")) {
      backups.add(new Backup(b.path("label").asText(), b.path("type").asText(),
          Lsn.parse(b.path("lsn").path("start").asText("0/0")),
          Lsn.parse(b.path("lsn").path("stop").asText("0/0")),
          b.path("info").path("size").asLong()));
    }
    backups.sort(Comparator.comparing(Backup::stopLsn));
    String min = null;
    String max = null;
    for (JsonNode a : stanza.path("archive")) {
      // The archive of the current database is the last one listed.
      min = a.path("min").isTextual() ? a.path("min").asText() : min;
      max = a.path("max").isTextual() ? a.path("max").asText() : max;
    }
    // The stanza's message can be a bare "other"; each repository says what is wrong.
    StringBuilder message = new StringBuilder(status.path("message").asText(""));
    for (JsonNode repo : stanza.path("repo")) {
      String detail = repo.path("status").path("message").asText("");
      if (!detail.isEmpty() && !detail.equals(message.toString())
          && repo.path("status").path("code").asInt(0) != 0) {
        message.append(": ").append(detail);
      }
    }
    return new RepoInfo(status.path("code").asInt(-1), message.toString(), backups, min, max);
  }

  /** The stanza does not exist yet (a timeline that was never started with storage). */
  public boolean stanzaMissing() {
    return statusCode == 1 || statusCode == 3;
  }

  /**
   * The stanza is fine or merely empty (0 ok, 1 and 3 not created yet, 2 no backup yet); any other
   * status (a repository that cannot be read, another database) is an error to report.
   */
  public boolean usable() {
    return statusCode >= 0 && statusCode <= 3;
  }

  public boolean hasBackup() {
    return !backups.isEmpty();
  }

  /** The first LSN after the archived WAL, when there is any. */
  public Optional<Lsn> archiveEnd(long segmentBytes) {
    return Optional.ofNullable(archiveMax).map(n -> WalNames.end(n, segmentBytes));
  }

  /** The start of the newest archived segment, when there is any. */
  public Optional<Lsn> archiveLastSegmentStart(long segmentBytes) {
    return Optional.ofNullable(archiveMax).map(n -> WalNames.start(n, segmentBytes));
  }

  /** The oldest LSN a restore can stop at: the end of the oldest backup. */
  public Optional<Lsn> oldestReachable() {
    return backups.stream().map(Backup::stopLsn).min(Comparator.naturalOrder());
  }

  /** The newest backup that ended at or before {@code target}. */
  public Optional<Backup> newestBackupAtOrBefore(Lsn target) {
    Backup found = null;
    for (Backup b : backups) {
      if (b.stopLsn().compareTo(target) <= 0) {
        found = b;
      }
    }
    return Optional.ofNullable(found);
  }

  /** The newest backup. */
  public Optional<Backup> newest() {
    return backups.isEmpty() ? Optional.empty() : Optional.of(backups.get(backups.size() - 1));
  }
}
