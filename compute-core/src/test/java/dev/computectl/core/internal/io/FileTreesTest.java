package dev.computectl.core.internal.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileTreesTest {

  @TempDir Path dir;

  private Path source() throws IOException {
    Path source = Files.createDirectories(dir.resolve("source/base/1"));
    Files.write(source.resolve("1259"), new byte[8192]);
    Files.writeString(dir.resolve("source/PG_VERSION"), "15\n");
    Files.setPosixFilePermissions(dir.resolve("source/PG_VERSION"),
        PosixFilePermissions.fromString("rw-------"));
    Files.setLastModifiedTime(dir.resolve("source/PG_VERSION"),
        FileTime.from(Instant.parse("2026-01-02T03:04:05Z")));
    Files.createSymbolicLink(dir.resolve("source/pg_wal_link"), Path.of("elsewhere"));
    return dir.resolve("source");
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void copiesContentsModesTimesAndLinksAndCountsTheBytes(boolean withCp) throws IOException {
    Path source = source();
    Path target = Files.createDirectory(dir.resolve("target"));

    long bytes = withCp ? FileTrees.copyTree(source, target)
        : FileTrees.copyTreeWithJdk(source, target);

    // A link counts as the length of its target, as the walk sees it.
    assertThat(bytes).isEqualTo(8192 + 3 + "elsewhere".length());
    assertThat(Files.readAllBytes(target.resolve("base/1/1259"))).hasSize(8192);
    assertThat(Files.readString(target.resolve("PG_VERSION"))).isEqualTo("15\n");
    assertThat(PosixFilePermissions.toString(
        Files.getPosixFilePermissions(target.resolve("PG_VERSION")))).isEqualTo("rw-------");
    assertThat(Files.getLastModifiedTime(target.resolve("PG_VERSION")).toInstant())
        .isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
    assertThat(Files.isSymbolicLink(target.resolve("pg_wal_link"))).isTrue();
    assertThat(Files.readSymbolicLink(target.resolve("pg_wal_link"))).isEqualTo(Path.of("elsewhere"));
    assertThat(Files.exists(target.resolve("source"), LinkOption.NOFOLLOW_LINKS)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aMissingSourceIsAnError(boolean withCp) {
    Path target = dir.resolve("target");
    assertThatThrownBy(() -> {
      Files.createDirectory(target);
      if (withCp) {
        FileTrees.copyTree(dir.resolve("nothing"), target);
      } else {
        FileTrees.copyTreeWithJdk(dir.resolve("nothing"), target);
      }
    }).isInstanceOf(IOException.class).hasMessageContaining("nothing");
  }
}
