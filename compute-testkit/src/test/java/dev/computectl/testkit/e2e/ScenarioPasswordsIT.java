package dev.computectl.testkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.computectl.spec.ComputeStatus;
import dev.computectl.testkit.TestCompute;
import dev.computectl.testkit.client.ComputeHttpException;
import dev.computectl.testkit.spec.Passwords;
import dev.computectl.testkit.spec.SpecBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No secret reaches a log (issue #7 item 7). Postgres runs with {@code log_statement = all}; its
 * stderr is forwarded into the compute's log as {@code PG:} lines, so one capture holds both our
 * log and the server's. After creating md5 and SCRAM roles, changing both passwords, and a password
 * statement that fails in Postgres, neither holds a plain password, an md5 hash or any part of a
 * SCRAM verifier.
 */
class ScenarioPasswordsIT {

  @Test
  void passwordsStayOutOfOurLogAndPostgresLog() throws Exception {
    List<String> secrets = new ArrayList<>();
    SpecBuilder first =
        logsEveryStatement()
            .role("alice", secret(secrets, "alice-first-pw"))
            .roleWithEncryptedPassword("bob", scram(secrets, secret(secrets, "bob-first-pw")))
            .database("shop", "alice");
    secrets.add(Passwords.md5("alice-first-pw", "alice"));

    try (TestCompute compute = TestCompute.builder().spec(first).start().awaitRunning()) {
      // Both passwords change: two ALTER ROLE ... PASSWORD statements.
      SpecBuilder second =
          logsEveryStatement()
              .role("alice", secret(secrets, "alice-second-pw"))
              .roleWithEncryptedPassword("bob", scram(secrets, secret(secrets, "bob-second-pw")))
              .database("shop", "alice");
      secrets.add(Passwords.md5("alice-second-pw", "alice"));
      compute.configure(second);
      try (Connection alice = compute.connect("shop", "alice", "alice-second-pw");
          Connection bob = compute.connect("shop", "bob", "bob-second-pw")) {
        assertThat(alice.isValid(5)).isTrue();
        assertThat(bob.isValid(5)).isTrue();
      }

      // A password statement Postgres rejects (validation passes): VALID UNTIL is no timestamp.
      SpecBuilder failing =
          SpecBuilder.from(second.build()).role("refused_role", secret(secrets, "reserved-pw"))
              .roleOption("refused_role", "VALID UNTIL", "pg_not_allowed", "string");
      secrets.add(Passwords.md5("reserved-pw", "refused_role"));
      assertThatThrownBy(() -> compute.configure(failing))
          .isInstanceOfSatisfying(
              ComputeHttpException.class,
              e -> {
                assertThat(e.statusCode()).isEqualTo(500);
                assertThat(e.body()).contains("pg_not_allowed");
                secrets.forEach(s -> assertThat(e.body()).doesNotContain(s));
              });
      assertThat(compute.status()).isEqualTo(ComputeStatus.FAILED);

      List<String> lines = compute.logLines();
      // The capture really holds Postgres's statement log and the failed statement's error,
      // so the absence checks below could fail.
      assertThat(lines).anyMatch(l -> l.contains("PG: ") && l.contains("statement: "));
      assertThat(lines)
          .anyMatch(l -> l.contains("PG: ") && l.contains("ERROR") && l.contains("pg_not_allowed"));
      for (String secret : secrets) {
        assertThat(lines).as("log lines holding a secret").noneMatch(l -> l.contains(secret));
      }
      assertThat(serverLogFiles(compute.pgdata()))
          .allSatisfy(
              file -> {
                String text = Files.readString(file);
                secrets.forEach(s -> assertThat(text).as(file.toString()).doesNotContain(s));
              });
    }
  }

  private static SpecBuilder logsEveryStatement() {
    return SpecBuilder.spec()
        .setting("log_statement", "all", "string")
        .setting("log_min_error_statement", "error", "string");
  }

  private static String secret(List<String> secrets, String value) {
    secrets.add(value);
    return value;
  }

  /** A SCRAM verifier; the verifier, its StoredKey and its ServerKey all count as secrets. */
  private static String scram(List<String> secrets, String password) {
    String verifier = Passwords.scramSha256(password);
    secrets.add(verifier);
    String keys = verifier.substring(verifier.lastIndexOf('$') + 1);
    secrets.add(keys.substring(0, keys.indexOf(':')));
    secrets.add(keys.substring(keys.indexOf(':') + 1));
    return verifier;
  }

  /** Log files Postgres may have written itself (a logging collector), if any. */
  private static List<Path> serverLogFiles(Path pgdata) throws IOException {
    List<Path> files = new ArrayList<>();
    for (String dir : List.of("log", "pg_log")) {
      Path logDir = pgdata.resolve(dir);
      if (Files.isDirectory(logDir)) {
        try (Stream<Path> s = Files.walk(logDir)) {
          s.filter(Files::isRegularFile).forEach(files::add);
        }
      }
    }
    return files;
  }
}
