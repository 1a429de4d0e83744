package dev.computectl.testkit.e2e;

import static dev.computectl.testkit.e2e.ScenarioSupport.sql;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.computectl.core.storage.FreshStorage;
import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.ComputeStatus;
import dev.computectl.spec.Lsn;
import dev.computectl.spec.SpecJson;
import dev.computectl.spec.api.PromoteConfig;
import dev.computectl.testkit.TestCompute;
import dev.computectl.testkit.WorkDirs;
import dev.computectl.testkit.client.RawResponse;
import dev.computectl.testkit.spec.SpecBuilder;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Hot standbys that follow a primary, and Neon's promote scenario: a replica copies its primary
 * (pg_basebackup), serves its rows read-only as they arrive, and {@code POST /promote} makes it
 * the Primary that takes over.
 */
class ReplicaScenariosIT {

  private static final Duration CATCH_UP = Duration.ofSeconds(30);

  private static SpecBuilder primarySpec() {
    return SpecBuilder.spec().role("app").database("app", "app");
  }

  private static long count(TestCompute compute) throws SQLException {
    return Long.parseLong(sql(compute, "SELECT count(*) FROM items"));
  }

  private static RawResponse promote(TestCompute replica, ComputeSpec spec, Lsn lsn) {
    return replica.client().external("POST", "/promote",
        SpecJson.write(new PromoteConfig(spec, lsn)));
  }

  @Test
  void aReplicaSeesThePrimarysRowsAndRefusesWrites() throws Exception {
    try (TestCompute primary = TestCompute.builder().spec(primarySpec()).start().awaitRunning()) {
      sql(primary, "CREATE TABLE items (id int PRIMARY KEY)");
      sql(primary, "INSERT INTO items SELECT generate_series(1, 100)");
      try (TestCompute replica = TestCompute.builder().replicaOf(primary).start()
          .awaitRunning()) {
        await().atMost(CATCH_UP).until(() -> count(replica) == 100);
        sql(primary, "INSERT INTO items SELECT generate_series(101, 150)");
        await().atMost(CATCH_UP).until(() -> count(replica) == 150);
        assertThatThrownBy(() -> sql(replica, "INSERT INTO items VALUES (999)"))
            .hasMessageContaining("read-only");
        assertThat(replica.replayLsn()).isNotNull();
        assertThat(replica.logLines()).anyMatch(l -> l.contains("pg_basebackup from"));
        assertThat(replica.client().terminate().lsn()).as("a Replica answers null").isNull();
      }
    }
  }

  @Test
  void neonsPromoteScenario() throws Exception {
    SpecBuilder spec = primarySpec();
    try (TestCompute primary = TestCompute.builder().spec(spec).start().awaitRunning()) {
      sql(primary, "CREATE TABLE items (id int PRIMARY KEY)");
      sql(primary, "INSERT INTO items SELECT generate_series(1, 100)");
      try (TestCompute replica = TestCompute.builder().replicaOf(primary).start()
          .awaitRunning()) {
        await().atMost(CATCH_UP).until(() -> count(replica) == 100);
        assertThatThrownBy(() -> sql(replica, "INSERT INTO items VALUES (999)"))
            .hasMessageContaining("read-only");
        Lsn flushed = Lsn.parse(sql(primary, "SELECT pg_current_wal_flush_lsn()"));
        Lsn stopped = primary.client().terminate().lsn();
        assertThat(stopped).isNotNull();
        assertThat(stopped.compareTo(flushed)).isGreaterThanOrEqualTo(0);

        RawResponse answer = promote(replica, spec.build(), stopped);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode state = SpecJson.mapper().readTree(answer.body());
        assertThat(state.path("status").asText()).isEqualTo("completed");
        assertThat(state.has("lsn_wait_time_ms")).isTrue();
        assertThat(state.has("pg_promote_time_ms")).isTrue();
        assertThat(state.has("reconfigure_time_ms")).isTrue();
        RawResponse again = promote(replica, spec.build(), stopped);
        assertThat(SpecJson.mapper().readTree(again.body()).path("status").asText())
            .as("a second promote answers completed without doing anything").isEqualTo("completed");

        sql(replica, "INSERT INTO items SELECT generate_series(101, 200)");
        assertThat(count(replica)).isEqualTo(200);
        assertThat(replica.client().terminate().lsn()).as("a Primary now").isNotNull();
      }
    }
  }

  @Test
  void promoteWithAnLsnTheReplicaNeverReachesFailsNamingBoth() throws Exception {
    SpecBuilder spec = primarySpec();
    try (TestCompute primary = TestCompute.builder().spec(spec).start().awaitRunning();
        TestCompute replica = TestCompute.builder().replicaOf(primary).start().awaitRunning()) {
      Lsn far = new Lsn(Lsn.parse(sql(primary, "SELECT pg_current_wal_flush_lsn()")).value()
          + (1L << 32));
      RawResponse answer = promote(replica, spec.build(), far);
      assertThat(answer.statusCode()).isEqualTo(500);
      JsonNode state = SpecJson.mapper().readTree(answer.body());
      assertThat(state.path("status").asText()).isEqualTo("failed");
      assertThat(state.path("error").asText()).contains(far.toString()).contains("replayed up to");
      assertThat(replica.status()).isEqualTo(ComputeStatus.RUNNING);
      assertThatThrownBy(() -> sql(replica, "CREATE TABLE still_a_replica (i int)"))
          .as("not promoted").hasMessageContaining("read-only");
      RawResponse onPrimary = promote(primary, spec.build(), far);
      assertThat(onPrimary.statusCode()).isEqualTo(412);
      assertThat(onPrimary.body()).contains("Primary").contains("running");
    }
  }

  @Test
  void aRestartedReplicaCatchesUp() throws Exception {
    try (TestCompute primary = TestCompute.builder().spec(primarySpec()).start().awaitRunning()) {
      sql(primary, "CREATE TABLE items (id int PRIMARY KEY)");
      sql(primary, "INSERT INTO items SELECT generate_series(1, 10)");
      try (TestCompute replica = TestCompute.builder().replicaOf(primary).start()
          .awaitRunning()) {
        await().atMost(CATCH_UP).until(() -> count(replica) == 10);
      }
      sql(primary, "INSERT INTO items SELECT generate_series(11, 30)");
      try (TestCompute replica = TestCompute.builder().replicaOf(primary).start()
          .awaitRunning()) {
        await().atMost(CATCH_UP).until(() -> count(replica) == 30);
      }
    }
  }

  @Test
  void aReplicaWhoseUpstreamIsDownFailsQuotingTheUpstream() throws Exception {
    TestCompute primary = TestCompute.builder().spec(primarySpec()).start().awaitRunning();
    primary.client().terminate();
    try (TestCompute replica = TestCompute.builder().replicaOf(primary)
        .storage(FreshStorage.cached(WorkDirs.templateCache())
            .withUpstreamWait(Duration.ofSeconds(3)))
        .start()) {
      replica.awaitStatus(ComputeStatus.FAILED, Duration.ofSeconds(60));
      assertThat(replica.statusResponse().error()).contains("pg_basebackup from the upstream")
          .contains("port=" + primary.postgresPort()).contains("last:");
      assertThat(replica.postmasterPid()).isEmpty();
    } finally {
      primary.close();
    }
  }

  @Test
  void thePasswordOfPrimaryConninfoReachesNoLogAndNoStatus() throws Exception {
    String secret = "s3cret-" + Long.toHexString(System.nanoTime());
    try (TestCompute primary = TestCompute.builder().spec(primarySpec()).start().awaitRunning()) {
      sql(primary, "CREATE ROLE repl LOGIN REPLICATION PASSWORD '" + secret + "'");
      String conninfo = "host=127.0.0.1 port=" + primary.postgresPort()
          + " user=repl password=" + secret + " application_name=replica_with_password";
      try (TestCompute replica = TestCompute.builder()
          .spec(SpecBuilder.spec().replica().setting("primary_conninfo", conninfo, "string"))
          .start().awaitRunning()) {
        sql(primary, "CREATE TABLE items (id int PRIMARY KEY)");
        sql(primary, "INSERT INTO items VALUES (1)");
        await().atMost(CATCH_UP).until(() -> {
          try {
            return count(replica) == 1;
          } catch (SQLException e) {
            return false;
          }
        });
        assertThat(replica.logLines()).isNotEmpty().noneMatch(l -> l.contains(secret));
        assertThat(String.valueOf(replica.statusResponse())).doesNotContain(secret);
      }
      // An upstream that refuses the password: the error quotes it without the password.
      String wrong = conninfo.replace(secret, secret + "-wrong");
      try (TestCompute refused = TestCompute.builder()
          .spec(SpecBuilder.spec().replica().setting("primary_conninfo", wrong, "string"))
          .storage(FreshStorage.cached(WorkDirs.templateCache())
              .withUpstreamWait(Duration.ofSeconds(2)))
          .start()) {
        refused.awaitStatus(ComputeStatus.FAILED, Duration.ofSeconds(60));
        assertThat(refused.statusResponse().error()).contains("password authentication failed")
            .doesNotContain(secret);
        assertThat(refused.logLines()).noneMatch(l -> l.contains(secret));
      }
    }
  }
}
