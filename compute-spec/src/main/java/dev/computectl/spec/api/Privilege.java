package dev.computectl.spec.api;

/** Schema privileges {@code POST /grants} accepts; the SQL keyword is the constant name. */
public enum Privilege {
  SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER, USAGE, CREATE, CONNECT, TEMPORARY,
  EXECUTE
}
