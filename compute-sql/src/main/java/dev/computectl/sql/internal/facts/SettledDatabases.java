package dev.computectl.sql.internal.facts;

import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The spec databases whose per-database state one applier has established or verified, so that a
 * later apply by the same applier does not open a session to each of them only to find nothing to
 * do. This is what makes a no-op re-apply cheap: reading the facts costs a backend start per
 * database, while everything else a re-apply reads comes from the main session.
 *
 * <p>A database counts as settled only while nothing it depends on has changed: its oid (dropped
 * and recreated), its spec owner, the admin and privileged roles (name and oid), the {@code
 * web_access} role's oid, the server version, and its shared-dependency rows ({@link
 * SharedMarks}), which change when schema {@code public} is dropped and recreated, when the {@code
 * web_access} grant is revoked or when the default privileges are removed. Drift that leaves none
 * of these traces (only a superuser can cause it: say, an admin-role default privilege narrowed in
 * place) is not noticed; the settled set is only ever a claim about shared traces. A failed apply
 * forgets everything.
 *
 * <p>The set survives restarts in the cluster itself ({@link SettledMarksTable}): the first apply
 * of an applier {@link #load loads} what an earlier process stored, and a row counts only while
 * its key still matches the shared catalogs, so a new process trusts exactly what it can prove
 * and reads the rest. {@link #beforeChanges} and {@link #store} keep the table in step, writing
 * only when the set changes.
 *
 * <p>Thread-safe; one instance per applier, so computes sharing a JVM share nothing.
 */
public final class SettledDatabases {

  /** Everything a settled database depends on; any difference means "read its facts again". */
  record Key(
      long databaseOid,
      String specOwner,
      String adminRole,
      String privilegedRole,
      long privilegedRoleOid,
      long webAccessOid,
      String dependencies,
      int serverVersionNum) {

    /** One line per field, each length-prefixed, so no name can shift another field. */
    String render() {
      StringBuilder out = new StringBuilder("v1");
      for (Object field : List.of(databaseOid, specOwner, adminRole, privilegedRole, privilegedRoleOid,
          webAccessOid, dependencies, serverVersionNum)) {
        String text = String.valueOf(field);
        out.append('\n').append(text.length()).append(':').append(text);
      }
      return out.toString();
    }
  }

  private static final String WEB_ACCESS = "web_access";

  private volatile Map<String, String> settled = Map.of();

  /** What the table holds, as far as this applier knows; null before {@link #load}. */
  private volatile Map<String, String> stored;

  /**
   * The spec databases that are still settled, given the shared catalogs as they are now. None
   * when the spec is about to create {@code web_access}: every database needs its grant then,
   * and nothing in the marks has changed yet.
   */
  public Set<String> stillSettled(
      ComputeSpec spec, SharedMarks marks, String adminRole, String privilegedRole, int serverVersionNum) {
    if (marks.webAccessOid() == 0 && spec.cluster().roles().stream().anyMatch(r -> WEB_ACCESS.equals(r.name()))) {
      return Set.of();
    }
    Map<String, String> known = settled;
    Set<String> names = new LinkedHashSet<>();
    for (Database db : spec.cluster().databases()) {
      Key now = key(db, marks, adminRole, privilegedRole, serverVersionNum);
      if (now != null && now.render().equals(known.get(db.name()))) {
        names.add(db.name());
      }
    }
    return Set.copyOf(names);
  }

  /**
   * Replaces what is known after a successful apply: {@code names} are the spec databases whose
   * per-database work all succeeded (or had none to do); {@code marks} are read after that work.
   */
  public void settle(
      ComputeSpec spec, Set<String> names, SharedMarks marks, String adminRole, String privilegedRole,
      int serverVersionNum) {
    Map<String, String> next = new HashMap<>();
    for (Database db : spec.cluster().databases()) {
      if (names.contains(db.name())) {
        Key key = key(db, marks, adminRole, privilegedRole, serverVersionNum);
        if (key != null) {
          next.put(db.name(), key.render());
        }
      }
    }
    settled = Map.copyOf(next);
  }

  /** After a failed apply nothing is assumed: the next apply reads every database. */
  public void forget() {
    settled = Map.of();
  }

  /** Whether {@link #load} has run: until then the table's claims are unknown. */
  public boolean loaded() {
    return stored != null;
  }

  /** Takes what an earlier process stored as this applier's own (each row still checked by key). */
  public void load(Connection main) throws SQLException {
    Map<String, String> rows = Map.copyOf(SettledMarksTable.load(main));
    settled = rows;
    stored = rows;
  }

  /** Before an apply sends anything: no claim may outlive a half-applied change. */
  public void beforeChanges(Connection main) throws SQLException {
    if (stored == null || !stored.isEmpty()) {
      SettledMarksTable.clear(main);
      stored = Map.of();
    }
  }

  /** After a successful apply: the table holds what is settled now (no write when it already does). */
  public void store(Connection main, String adminRole) throws SQLException {
    Map<String, String> now = settled;
    if (!now.equals(stored)) {
      SettledMarksTable.store(main, now, adminRole);
      stored = now;
    }
  }

  /** How many databases are settled now (for logs and tests). */
  public int size() {
    return settled.size();
  }

  private static Key key(
      Database db, SharedMarks marks, String adminRole, String privilegedRole, int serverVersionNum) {
    SharedMarks.Mark mark = marks.databases().get(db.name());
    if (mark == null || !mark.accessible()) {
      return null;
    }
    return new Key(
        mark.oid(), db.owner(), adminRole, privilegedRole, marks.privilegedRoleOid(), marks.webAccessOid(),
        mark.dependencies(), serverVersionNum);
  }
}
