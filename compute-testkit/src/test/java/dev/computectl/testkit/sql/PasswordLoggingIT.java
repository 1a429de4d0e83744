package dev.computectl.testkit.sql;

import static dev.computectl.testkit.sql.SqlItSupport.factory;
import static dev.computectl.testkit.sql.SqlItSupport.options;
import static org.assertj.core.api.Assertions.assertThat;

import dev.computectl.sql.PipelinedSpecApplier;
import dev.computectl.testkit.postgres.TestPostgres;
import org.junit.jupiter.api.Test;

/** A server that logs every statement still never logs a password the apply sends. */
class PasswordLoggingIT {

  @Test
  void passwordCommandsStayOutOfTheServerLog() throws Exception {
    String secretHash = "fedcba9876543210fedcba9876543210";
    try (TestPostgres pg = TestPostgres.builder()
        .setting("log_statement", "'all'")
        .setting("log_min_error_statement", "'error'")
        .start()) {
      var spec = SqlItSupport.spec("""
          {"format_version": 1.0, "suspend_timeout_seconds": -1, "cluster": {
            "roles": [{"name": "secret_role", "encrypted_password": "%s"}], "databases": []}}
          """.formatted(secretHash));
      new PipelinedSpecApplier(factory(pg), "sql-it").apply(spec, options(1));

      assertThat(SqlItSupport.column(pg, "postgres", "SELECT rolpassword FROM pg_authid WHERE rolname = 'secret_role'"))
          .containsExactly("md5" + secretHash);
      assertThat(pg.recentOutput()).contains("statement:").doesNotContain(secretHash);
    }
  }
}
