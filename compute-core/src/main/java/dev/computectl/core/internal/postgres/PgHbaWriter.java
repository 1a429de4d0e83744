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

  /** Replaces PGDATA/pg_hba.conf. */
  public void write(Path pgdata, String adminRole) throws IOException {
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
        + "host\tall\tall\tall\tmd5\n"
        // Replicas: any role with REPLICATION, by password, from anywhere (Postgres checks the
        // attribute itself).
        + "local\treplication\tall\t\tmd5\n"
        + "host\treplication\tall\tall\tmd5\n";
    PostgresConfWriter.writeAtomically(pgdata.resolve("pg_hba.conf"), text);
  }

  /** Creates an empty standby.signal for Replica and Static computes. */
  public void writeStandbySignal(Path pgdata) throws IOException {
    Path signal = pgdata.resolve("standby.signal");
    if (!Files.exists(signal)) {
      Files.createFile(signal);
    }
  }
}
