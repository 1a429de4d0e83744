package dev.computectl.sql.plan;

/** What kind of catalog object a command touches. */
public enum ObjectKind {
  ROLE,
  DATABASE,
  SCHEMA,
  EXTENSION,
  TABLE,
  SUBSCRIPTIONS,
  DEFAULT_PRIVILEGES
}
