package dev.computectl.sql;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Opens sessions for the executor and the catalog reader. The caller owns the returned connection.
 * Implementations pin the session settings (role, search_path, statement_timeout, ...) so that
 * user-level settings cannot break an apply.
 */
@FunctionalInterface
public interface ConnectionFactory {

  /**
   * @param database the database to connect to, or null for the connstr's own database
   */
  Connection open(String database) throws SQLException;
}
