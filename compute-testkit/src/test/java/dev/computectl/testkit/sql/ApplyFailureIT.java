package dev.computectl.testkit.sql;

import static dev.computectl.testkit.sql.SqlItSupport.column;
import static dev.computectl.testkit.sql.SqlItSupport.factory;
import static dev.computectl.testkit.sql.SqlItSupport.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.computectl.sql.ApplyException;
import dev.computectl.sql.ApplyListener;
import dev.computectl.sql.ApplyOptions;
import dev.computectl.sql.CommandOutcome;
import dev.computectl.sql.ConnectionFactory;
import dev.computectl.sql.JdbcConnectionFactory;
import dev.computectl.sql.PipelinedSpecApplier;
import dev.computectl.sql.plan.Target;
import dev.computectl.testkit.postgres.TestPostgres;
import dev.computectl.testkit.postgres.TestPostgresExtension;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Failures name phase, database, object and the Postgres error; other work is reported. */
@ExtendWith(TestPostgresExtension.class)
class ApplyFailureIT {

  @Test
  void aMissingOwnerFailsTheApplyNamingTheDatabaseWhileTheOthersAreCreated(TestPostgres pg) throws Exception {
    var spec = SqlItSupport.spec("""
        {"format_version": 1.0, "suspend_timeout_seconds": -1, "cluster": {
          "roles": [{"name": "owner1", "encrypted_password": null}],
          "databases": [{"name": "good1", "owner": "owner1"}, {"name": "bad db", "owner": "nobody"},
                        {"name": "good2", "owner": "owner1"}]}}
        """);
    ApplyException e = catchThrowableOfType(ApplyException.class,
        () -> new PipelinedSpecApplier(factory(pg), "sql-it").apply(spec, options(2)));

    assertThat(e.getMessage())
        .contains("CreateAndAlterDatabases").contains("database \"bad db\"").contains("42704").contains("nobody");
    // The CREATE fails; its GRANT then fails too; nothing else does.
    assertThat(e.report().failures()).extracting(f -> f.object().name()).containsOnly("bad db");
    assertThat(e.report().failures().get(0).sqlState()).isEqualTo("42704");
    assertThat(e.report().commands())
        .filteredOn(c -> c.status() == CommandOutcome.Status.APPLIED)
        .extracting(c -> c.object().name())
        .contains("good1", "good2");
    assertThat(e.report().notSent()).isNotEmpty(); // later phases never ran
    assertThat(column(pg, "postgres", "SELECT datname FROM pg_database WHERE datname IN ('good1','good2','bad db') ORDER BY 1"))
        .containsExactly("good1", "good2");
  }

  @Test
  void oneBrokenDatabaseDoesNotLoseTheOtherDatabasesWork(TestPostgres pg) throws Exception {
    var spec = SqlItSupport.spec("""
        {"format_version": 1.0, "suspend_timeout_seconds": -1, "cluster": {
          "roles": [{"name": "o", "encrypted_password": null}],
          "databases": [{"name": "ok1", "owner": "o"}, {"name": "broken", "owner": "o"}, {"name": "ok2", "owner": "o"}]}}
        """);
    JdbcConnectionFactory real = factory(pg);
    List<String> opened = new ArrayList<>();
    ConnectionFactory failing = database -> {
      synchronized (opened) {
        opened.add(String.valueOf(database));
      }
      if ("broken".equals(database)) {
        throw new SQLException("simulated: connection refused", "08001");
      }
      return real.open(database);
    };
    List<String> phases = new ArrayList<>();
    ApplyListener listener = new ApplyListener() {
      @Override
      public void beforePhase(String phase) {
        phases.add(phase);
      }
    };

    ApplyException e = catchThrowableOfType(ApplyException.class,
        () -> new PipelinedSpecApplier(failing, "sql-it")
            .apply(spec, new ApplyOptions(TestPostgres.ADMIN, "neon_superuser", 3, true, listener)));

    assertThat(e.getMessage()).contains("ChangeSchemaPerms").contains("database \"broken\"").contains("08001");
    assertThat(e.report().commands())
        .filteredOn(c -> c.status() == CommandOutcome.Status.APPLIED)
        .extracting(CommandOutcome::target)
        .contains(Target.database("ok1"), Target.database("ok2"));
    assertThat(phases).contains("CreateAndAlterDatabases", "ChangeSchemaPerms").doesNotContain("DropRoles");
    assertThat(SqlItSupport.column(pg, "ok2",
        "SELECT count(*) FROM pg_default_acl WHERE defaclnamespace = 'public'::regnamespace")).containsExactly("2");
  }

  @Test
  void aListenerCanStopTheApplyBeforeAPhase(TestPostgres pg) throws Exception {
    var spec = SqlItSupport.spec("""
        {"format_version": 1.0, "suspend_timeout_seconds": -1, "cluster": {
          "roles": [{"name": "stopped_role", "encrypted_password": null}], "databases": []}}
        """);
    ApplyListener failpoint = new ApplyListener() {
      @Override
      public void beforePhase(String phase) throws Exception {
        if (phase.equals("CreateAndAlterRoles")) {
          throw new Exception("failpoint");
        }
      }
    };
    ApplyException e = catchThrowableOfType(ApplyException.class,
        () -> new PipelinedSpecApplier(factory(pg), "sql-it")
            .apply(spec, new ApplyOptions(TestPostgres.ADMIN, "neon_superuser", 1, true, failpoint)));
    assertThat(e.getMessage()).contains("CreateAndAlterRoles").contains("failpoint");
    assertThat(column(pg, "postgres", "SELECT rolname FROM pg_roles WHERE rolname = 'stopped_role'")).isEmpty();
  }

  @Test
  void databasesAreStillCreatedWhenNoExtraSessionCanBeOpened(TestPostgres pg) throws Exception {
    var spec = SqlItSupport.spec("""
        {"format_version": 1.0, "suspend_timeout_seconds": -1, "cluster": {
          "roles": [{"name": "lane_owner", "encrypted_password": null}],
          "databases": [{"name": "lane1", "owner": "lane_owner"}, {"name": "lane2", "owner": "lane_owner"},
                        {"name": "lane3", "owner": "lane_owner"}, {"name": "lane4", "owner": "lane_owner"}]}}
        """);
    JdbcConnectionFactory real = factory(pg);
    AtomicInteger mainSessions = new AtomicInteger();
    ConnectionFactory onlyOneMainSession = database -> {
      if (database == null && mainSessions.incrementAndGet() > 1) {
        throw new SQLException("simulated: too many connections", "53300");
      }
      return real.open(database);
    };

    var report = new PipelinedSpecApplier(onlyOneMainSession, "sql-it").apply(spec, options(4));

    assertThat(report.failures()).isEmpty();
    assertThat(column(pg, "postgres", "SELECT datname FROM pg_database WHERE datname LIKE 'lane%' ORDER BY 1"))
        .containsExactly("lane1", "lane2", "lane3", "lane4");
  }
}
