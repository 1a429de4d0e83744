package dev.computectl.core.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** When the WAL archived since the newest backup is worth an incremental backup. */
class FollowUpBackupsTest {

  private static final long SEGMENT = WalNames.DEFAULT_SEGMENT_BYTES;
  private static final long MIB = 1 << 20;

  /** The one-backup stanza (22 MB backup stopped at 0/3000138) with its archive ending in {@code max}. */
  private static RepoInfo archivedUpTo(String max) throws Exception {
    return RepoInfo.parse(RepoInfoTest.ONE_BACKUP.replace(
        "\"max\":\"000000010000000000000003\"", "\"max\":\"" + max + "\""));
  }

  @Test
  void lessWalThanTheBackupItselfIsNotWorthABackup() throws Exception {
    // The archive ends at 0/4000000: about 16 MiB after the backup, which holds about 22 MiB.
    assertThat(FollowUpBackups.walWorthABackup(archivedUpTo("000000010000000000000003"), SEGMENT, MIB))
        .isEmpty();
  }

  @Test
  void moreWalThanTheBackupIsWorthOne() throws Exception {
    assertThat(FollowUpBackups.walWorthABackup(archivedUpTo("000000010000000000000005"), SEGMENT, MIB))
        .hasValue(0x6000000L - 0x3000138L);
  }

  @Test
  void theFloorHoldsForASmallBackup() throws Exception {
    assertThat(FollowUpBackups.walWorthABackup(archivedUpTo("000000010000000000000005"), SEGMENT, 64 * MIB))
        .isEmpty();
  }

  @Test
  void nothingIsTakenBeforeTheFirstBackup() throws Exception {
    assertThat(FollowUpBackups.walWorthABackup(RepoInfo.parse(RepoInfoTest.MISSING), SEGMENT, MIB)).isEmpty();
  }
}
