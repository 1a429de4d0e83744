package dev.computectl.core.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.computectl.spec.Lsn;
import org.junit.jupiter.api.Test;

/** Parsed from what pgBackRest 2.45 printed on this machine. */
class RepoInfoTest {

  static final String ONE_BACKUP = "[{\"archive\":[{\"database\":{\"id\":1,\"repo-key\":1},"
      + "\"id\":\"15-1\",\"max\":\"000000010000000000000003\","
      + "\"min\":\"000000010000000000000001\"}],\"backup\":[{\"archive\":{\"start\":"
      + "\"000000010000000000000003\",\"stop\":\"000000010000000000000003\"},\"backrest\":"
      + "{\"format\":5,\"version\":\"2.45\"},\"database\":{\"id\":1,\"repo-key\":1},\"error\":false,"
      + "\"info\":{\"delta\":22992605,\"repository\":{\"delta\":3043479,\"size\":3043479},"
      + "\"size\":22992605},\"label\":\"20261202-160345F\",\"lsn\":{\"start\":\"0/3000028\","
      + "\"stop\":\"0/3000138\"},\"prior\":null,\"reference\":null,\"timestamp\":{\"start\":"
      + "1796227425,\"stop\":1796227427},\"type\":\"full\"}],\"cipher\":\"none\",\"db\":[{\"id\":1,"
      + "\"repo-key\":1,\"system-id\":7714737730245044671,\"version\":\"15\"}],\"name\":\"tl1\","
      + "\"repo\":[{\"cipher\":\"none\",\"key\":1,\"status\":{\"code\":0,\"message\":\"ok\"}}],"
      + "\"status\":{\"code\":0,\"lock\":{\"backup\":{\"held\":false}},\"message\":\"ok\"}}]";

  static final String MISSING = "[{\"archive\":[],\"backup\":[],\"cipher\":\"none\",\"db\":[],"
      + "\"name\":\"nosuch\",\"repo\":[{\"cipher\":\"none\",\"key\":1,\"status\":{\"code\":1,"
      + "\"message\":\"missing stanza path\"}}],\"status\":{\"code\":1,\"lock\":{\"backup\":"
      + "{\"held\":false}},\"message\":\"missing stanza path\"}}]";

  private static final long SEGMENT = WalNames.DEFAULT_SEGMENT_BYTES;

  @Test
  void aStanzaWithOneBackupAndItsArchive() throws Exception {
    RepoInfo info = RepoInfo.parse(ONE_BACKUP);
    assertThat(info.stanzaMissing()).isFalse();
    assertThat(info.hasBackup()).isTrue();
    assertThat(info.backups()).singleElement().satisfies(b -> {
      assertThat(b.label()).isEqualTo("20261202-160345F");
      assertThat(b.stopLsn()).isEqualTo(Lsn.parse("0/3000138"));
      assertThat(b.bytes()).isEqualTo(22992605);
    });
    assertThat(info.archiveEnd(SEGMENT)).contains(Lsn.parse("0/4000000"));
    assertThat(info.archiveLastSegmentStart(SEGMENT)).contains(Lsn.parse("0/3000000"));
    assertThat(info.oldestReachable()).contains(Lsn.parse("0/3000138"));
    assertThat(info.newestBackupAtOrBefore(Lsn.parse("0/3500000"))).isPresent();
    assertThat(info.newestBackupAtOrBefore(Lsn.parse("0/3000100"))).isEmpty();
  }

  @Test
  void aMissingStanza() throws Exception {
    RepoInfo info = RepoInfo.parse(MISSING);
    assertThat(info.stanzaMissing()).isTrue();
    assertThat(info.hasBackup()).isFalse();
    assertThat(info.archiveEnd(SEGMENT)).isEmpty();
    assertThat(info.statusMessage()).isEqualTo("missing stanza path");
    assertThat(info.usable()).as("a stanza to create").isTrue();
  }

  @Test
  void aRepositoryThatCannotBeReadIsNotUsable() throws Exception {
    // What pgBackRest 2.45 says when the repository path cannot be read.
    RepoInfo info = RepoInfo.parse("[{\"archive\":[],\"backup\":[],\"cipher\":\"none\","
        + "\"db\":[],\"name\":\"abc\",\"repo\":[{\"cipher\":\"none\",\"key\":1,"
        + "\"status\":{\"code\":99,\"message\":\"[PathOpenError] unable to list file info for"
        + " path '/root/no-repository-here/backup': [13] Permission denied\"}}],\"status\":"
        + "{\"code\":99,\"lock\":{\"backup\":{\"held\":false}},\"message\":\"other\"}}]");
    assertThat(info.usable()).isFalse();
    assertThat(info.statusMessage()).isEqualTo("other: [PathOpenError] unable to list file info"
        + " for path '/root/no-repository-here/backup': [13] Permission denied");
    assertThat(info.stanzaMissing()).isFalse();
  }
}
