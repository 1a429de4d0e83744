package dev.computectl.core.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.computectl.spec.Lsn;
import org.junit.jupiter.api.Test;

class WalNamesTest {

  private static final long SEGMENT = WalNames.DEFAULT_SEGMENT_BYTES;

  @Test
  void theSegmentOfAnLsnAsPostgresNamesIt() {
    // pg_walfile_name('0/5000028') on timeline 1 is 000000010000000000000005.
    assertThat(WalNames.segmentOf(1, Lsn.parse("0/5000028"), SEGMENT))
        .isEqualTo("000000010000000000000005");
    // Past the first 4 GiB the high half counts: 1/A0000000 on timeline 2.
    assertThat(WalNames.segmentOf(2, Lsn.parse("1/A0000010"), SEGMENT))
        .isEqualTo("0000000200000001000000A0");
  }

  @Test
  void aSegmentCoversItsSixteenMegabytes() {
    assertThat(WalNames.start("000000010000000000000005", SEGMENT))
        .isEqualTo(Lsn.parse("0/5000000"));
    assertThat(WalNames.end("000000010000000000000005", SEGMENT))
        .isEqualTo(Lsn.parse("0/6000000"));
    assertThat(WalNames.start("0000000200000001000000A0", SEGMENT))
        .isEqualTo(Lsn.parse("1/A0000000"));
    assertThat(WalNames.timeline("0000000200000001000000A0")).isEqualTo(2);
  }

  @Test
  void otherNamesAreRefused() {
    assertThatThrownBy(() -> WalNames.start("00000001.history", SEGMENT))
        .hasMessageContaining("not a WAL segment name");
  }
}
