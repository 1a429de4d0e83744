package dev.computectl.core.internal.lifecycle;

import dev.computectl.sql.ConnectionFactory;
import dev.computectl.sql.JdbcConnectionFactory;

/**
 * The admin sessions of one compute, from its connstr. Each purpose opens its sessions under its
 * own {@code application_name} ({@code compute_ctl:apply_config}, {@code
 * compute_ctl:compute_monitor}, …), as Neon's compute_ctl does, so they can be told apart in
 * {@code pg_stat_activity} and the activity monitor can leave them out. A test seam replaces all
 * of them with one factory.
 */
public final class AdminSessions {

  private final String connstr;
  private final ConnectionFactory override;

  /** @param override when not null, every purpose uses it instead of the connstr */
  public AdminSessions(String connstr, ConnectionFactory override) {
    this.connstr = connstr;
    this.override = override;
  }

  /**
   * Like {@link #forPurpose(String)}, but connect, login and every read give up after {@code
   * timeout} (probes: readiness, the activity monitor), so a stopped postmaster cannot hang them.
   */
  public ConnectionFactory forProbe(String applicationName, java.time.Duration timeout) {
    return override != null ? override
        : JdbcConnectionFactory.fromConnstr(connstr, applicationName).withTimeouts(timeout);
  }

  /** Sessions opened as {@code application_name = <applicationName>}. */
  public ConnectionFactory forPurpose(String applicationName) {
    return override != null ? override : JdbcConnectionFactory.fromConnstr(connstr, applicationName);
  }
}
