package dev.computectl.sql.plan;

import java.util.Objects;

/**
 * One statement of a plan.
 *
 * @param target where it runs
 * @param sql the statement text (may hold a password verifier: see {@code display})
 * @param display the same statement safe to log: passwords shown as {@code PASSWORD '***'}
 * @param object the object it touches
 * @param write whether it changes the catalog (a no-op apply plans none)
 * @param sensitive whether {@code sql} holds a password; such sessions turn off server logging
 * @param standalone whether it must be sent alone, outside any batch (CREATE/DROP DATABASE)
 */
public record SqlCommand(
    Target target,
    String sql,
    String display,
    ObjectRef object,
    boolean write,
    boolean sensitive,
    boolean standalone) {

  public SqlCommand {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(sql, "sql");
    Objects.requireNonNull(display, "display");
    Objects.requireNonNull(object, "object");
  }

  /** A write without secrets, sent in a batch. */
  public static SqlCommand write(Target target, ObjectRef object, String sql) {
    return new SqlCommand(target, sql, sql, object, true, false, false);
  }

  /** A write that must be sent on its own (CREATE DATABASE, DROP DATABASE). */
  public static SqlCommand standalone(Target target, ObjectRef object, String sql) {
    return new SqlCommand(target, sql, sql, object, true, false, true);
  }

  /** A write whose text holds a password; {@code display} is what logs and plans print. */
  public static SqlCommand secret(Target target, ObjectRef object, String sql, String display) {
    return new SqlCommand(target, sql, display, object, true, true, false);
  }

  /** Never prints the real text of a sensitive command. */
  @Override
  public String toString() {
    return target + ": " + display;
  }
}
