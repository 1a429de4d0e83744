package dev.computectl.core.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The progress lines a long restore or backup logs every few seconds. */
class PgBackRestProgressTest {

  @Test
  void aRunningBackupsProgressComesFromTheLockThatInfoReports() throws Exception {
    String json = "[{\"name\":\"t1\",\"status\":{\"code\":0,\"message\":\"ok\",\"lock\":{"
        + "\"backup\":{\"held\":true,\"size\":104857600,\"size-cplt\":31457280}}}}]";
    assertThat(PgBackRest.backupProgressOf(json))
        .isEqualTo(new PgBackRest.Sample(31457280, 104857600));
    String idle = "[{\"name\":\"t1\",\"status\":{\"code\":0,\"lock\":{\"backup\":"
        + "{\"held\":false}}}}]";
    assertThat(PgBackRest.backupProgressOf(idle)).isEqualTo(new PgBackRest.Sample(0, 0));
  }

  @Test
  void aLineSaysDoneTotalElapsedAndRate() {
    assertThat(PgBackRest.progressLine("pgbackrest backup",
        new PgBackRest.Sample(30L << 20, 100L << 20), 6.0))
        .isEqualTo("pgbackrest backup: 30 of 100 MiB after 6 s (5.0 MiB/s)");
    assertThat(PgBackRest.progressLine("pgbackrest restore", new PgBackRest.Sample(12L << 20, 0),
        3.0)).isEqualTo("pgbackrest restore: 12 of ? MiB after 3 s (4.0 MiB/s)");
  }
}
