package dev.computectl.core.port;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedVersionTest {

  @TempDir Path dir;

  private Path binary(int junkBefore, String text) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] junk = new byte[junkBefore];
    Arrays.fill(junk, (byte) 0x01);
    out.write(junk);
    out.write("\0postgres (PostgreSQL\0".getBytes(StandardCharsets.US_ASCII));
    out.write(text.getBytes(StandardCharsets.US_ASCII));
    out.write(new byte[] {0, 'p', 'o', 0});
    Path file = dir.resolve("postgres");
    Files.write(file, out.toByteArray());
    return file;
  }

  @Test
  void readsTheLineVersionPrints() throws Exception {
    Path file = binary(1000, "postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)\n");
    assertThat(EmbeddedVersion.of(file)).contains("postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)");
    assertThat(PgBinaries.versionText(EmbeddedVersion.of(file).orElseThrow()))
        .isEqualTo("15.18 (Debian 15.18-0+deb12u1)");
  }

  @Test
  void findsALineThatCrossesAChunkBoundary() throws Exception {
    for (int offset : new int[] {(1 << 20) - 10, (1 << 20) + 3, 3 << 20}) {
      Path file = binary(offset, "postgres (PostgreSQL) 17.2\n");
      assertThat(EmbeddedVersion.of(file)).as("at %d", offset).contains("postgres (PostgreSQL) 17.2");
    }
  }

  @Test
  void emptyWithoutTheLine() throws Exception {
    assertThat(EmbeddedVersion.of(binary(10, "no version here\n"))).isEmpty();
    Path script = dir.resolve("wrapper");
    Files.writeString(script, "#!/bin/sh\nexec /opt/pg/bin/postgres \"$@\"\n");
    assertThat(EmbeddedVersion.of(script)).isEmpty();
    assertThat(EmbeddedVersion.of(dir.resolve("missing"))).isEmpty();
  }

  @Test
  void emptyWhenTheTextIsNotALine() throws Exception {
    assertThat(EmbeddedVersion.of(binary(10, "postgres (PostgreSQL) 15.1\u0002\n"))).isEmpty();
    assertThat(EmbeddedVersion.of(binary(10, "postgres (PostgreSQL) " + "9".repeat(300) + "\n")))
        .isEmpty();
  }
}
