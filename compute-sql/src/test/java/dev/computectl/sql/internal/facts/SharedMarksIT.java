package dev.computectl.sql.internal.facts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.computectl.sql.JdbcConnectionFactory;
import dev.computectl.sql.testing.LocalPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the shared catalogs show of each database, on a real server. */
class SharedMarksIT {

  private static LocalPostgres pg;

  @BeforeAll
  static void start() throws Exception {
    pg = LocalPostgres.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (pg != null) {
      pg.close();
    }
  }

  private static SharedMarks marks(String privilegedRole) throws Exception {
    try (Connection c = JdbcConnectionFactory.fromConnstr(pg.connstr(), "compute_ctl:apply_config").open(null)) {
      return new SharedMarksReader(privilegedRole).read(c);
    }
  }

  @Test
  void sharedProofIsOnlyUsedForATrackedRole() throws Exception {
    assertThat(marks(LocalPostgres.ADMIN).defaultAclDatabases()).as("session user").isEmpty();
    assertThat(marks("pg_write_all_data").defaultAclDatabases()).as("pinned").isEmpty();
    assertThat(marks("nobody_yet").defaultAclDatabases()).as("missing").contains(Set.of());
  }

  @Test
  void aDefaultGrantToTheRoleMarksItsDatabaseAndRevokingItChangesTheMarks() throws Exception {
    try (Connection c = pg.connect("postgres"); Statement st = c.createStatement()) {
      st.execute("CREATE ROLE marks_priv NOLOGIN");
      st.execute("CREATE DATABASE marks_db");
    }
    SharedMarks before = marks("marks_priv");
    assertThat(before.defaultAclDatabases()).contains(Set.of());
    try (Connection c = pg.connect("marks_db"); Statement st = c.createStatement()) {
      st.execute("ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON TABLES TO marks_priv WITH GRANT OPTION");
    }
    SharedMarks granted = marks("marks_priv");
    assertThat(granted.defaultAclDatabases()).contains(Set.of("marks_db"));
    assertThat(granted.databases().get("marks_db").dependencies())
        .isNotEqualTo(before.databases().get("marks_db").dependencies());
    assertThat(granted.databases().get("postgres")).isEqualTo(before.databases().get("postgres"));
    assertThat(granted.privilegedRoleOid()).isPositive();
  }
}
