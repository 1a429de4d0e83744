package dev.computectl.core.internal.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes {@code pg_hba.conf} and {@code standby.signal}. The admin role is trusted only over the
 * local socket and loopback; every other role must give its password. {@code md5} accepts both md5
 * and SCRAM verifiers (a SCRAM verifier makes Postgres run the SCRAM exchange).
 */
public final class PgHbaWriter {

  /** How password logins over TCP relate to TLS. */
  public enum Tls {
    /** No TLS: {@code host} lines. */
    OFF,
    /** TLS is on and offered: {@code hostssl} lines, then {@code host} for clients without it. */
    OFFERED,
    /** TLS is on and required: only {@code hostssl} lines; a plain TCP login finds no entry. */
    REQUIRED
  }

  /** Replaces PGDATA/pg_hba.conf, without TLS. */
  public void write(Path pgdata, String adminRole) throws IOException {
    write(pgdata, adminRole, Tls.OFF);
  }

  /**
   * Replaces PGDATA/pg_hba.conf. The admin's loopback lines stay {@code host} in every mode:
   * compute_ctl's own sessions never leave the machine.
   */
  public void write(Path pgdata, String adminRole, Tls tls) throws IOException {
    if (adminRole.contains("\"") || adminRole.contains("\n") || adminRole.isBlank()) {
      throw new IllegalArgumentException("admin role name cannot go into pg_hba.conf: "
          + adminRole);
    }
    String admin = "\"" + adminRole + "\"";
    String text = "# Written by compute_ctl.\n"
        + "# TYPE\tDATABASE\tUSER\tADDRESS\tMETHOD\n"
        + "local\tall\t" + admin + "\t\ttrust\n"
        + "local\treplication\t" + admin + "\t\ttrust\n"
        + "host\tall\t" + admin + "\t127.0.0.1/32\ttrust\n"
        + "host\tall\t" + admin + "\t::1/128\ttrust\n"
        + "host\treplication\t" + admin + "\t127.0.0.1/32\ttrust\n"
        + "host\treplication\t" + admin + "\t::1/128\ttrust\n"
        + "local\tall\tall\t\tmd5\n"
        + passwordLines("all", tls)
        // Replicas: any role with REPLICATION, by password, from anywhere (Postgres checks the
        // attribute itself).
        + "local\treplication\tall\t\tmd5\n"
        + passwordLines("replication", tls);
    PostgresConfWriter.writeAtomically(pgdata.resolve("pg_hba.conf"), text);
  }

  private static String passwordLines(String database, Tls tls) {
    String ssl = "hostssl\t" + database + "\tall\tall\tmd5\n";
    String any = "host\t" + database + "\tall\tall\tmd5\n";
    return switch (tls) {
      case OFF -> any;
      case OFFERED -> ssl + any;
      case REQUIRED -> ssl;
    };
  }

  /** Creates an empty standby.signal for Replica and Static computes. */
  public void writeStandbySignal(Path pgdata) throws IOException {
    Path signal = pgdata.resolve("standby.signal");
    if (!Files.exists(signal)) {
      Files.createFile(signal);
    }
  }
}
