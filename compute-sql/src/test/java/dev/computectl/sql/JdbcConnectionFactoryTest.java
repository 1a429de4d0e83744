package dev.computectl.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JdbcConnectionFactoryTest {

  private static JdbcConnectionFactory parse(String connstr) {
    return JdbcConnectionFactory.fromConnstr(connstr, "compute_ctl:apply_config");
  }

  @Test
  void readsTheUsualComputeCtlUrl() {
    JdbcConnectionFactory f = parse("postgresql://cloud_admin@127.0.0.1:55432/postgres");
    assertThat(f.user()).isEqualTo("cloud_admin");
    assertThat(f.host()).isEqualTo("127.0.0.1");
    assertThat(f.port()).isEqualTo(55432);
    assertThat(f.defaultDatabase()).isEqualTo("postgres");
    assertThat(f.socketDir()).isNull();
  }

  @Test
  void aHostQueryParameterThatIsADirectoryMeansAUnixSocket() {
    JdbcConnectionFactory f = parse("postgresql://cloud_admin@/postgres?host=/tmp/pg%20sock&port=6000");
    assertThat(f.socketDir()).isEqualTo("/tmp/pg sock");
    assertThat(f.port()).isEqualTo(6000);
    assertThat(f.toString()).contains("/tmp/pg sock:6000");
  }

  @Test
  void decodesPercentEscapesAndDefaultsTheDatabaseToTheUser() {
    JdbcConnectionFactory f = parse("postgres://my%20user:p%40ss@[::1]:5433");
    assertThat(f.user()).isEqualTo("my user");
    assertThat(f.host()).isEqualTo("::1");
    assertThat(f.port()).isEqualTo(5433);
    assertThat(f.defaultDatabase()).isEqualTo("my user");
    assertThat(f.toString()).doesNotContain("p@ss");
  }

  @Test
  void rejectsWhatIsNotAPostgresUrl() {
    assertThatThrownBy(() -> parse("mysql://x@h/db")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("postgresql://");
    assertThatThrownBy(() -> parse("postgresql://h/db")).hasMessageContaining("no user");
    assertThatThrownBy(() -> parse("postgresql://u@h:notaport/db")).hasMessageContaining("port");
  }

  @Test
  void startupOptionValuesEscapeSpacesAndBackslashes() {
    assertThat(JdbcConnectionFactory.optionValue("a b\\c")).isEqualTo("a\\ b\\\\c");
  }
}
