package dev.computectl.core.port;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ElfSectionsTest {

  private static final String DECOY = "postgres (PostgreSQL) 0.0 (not the read-only data)\n";
  private static final String LINE = "postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)\n";

  @TempDir Path dir;

  /**
   * A minimal ELF64 file: its header, a decoy line at 64, .rodata (with the real line) at 4096,
   * the section name table after it, and three section headers (null, .rodata, .shstrtab).
   */
  private Path elf() throws Exception {
    byte[] names = "\0.rodata\0.shstrtab\0".getBytes(StandardCharsets.US_ASCII);
    byte[] rodata = ("\0\0" + LINE + "\0").getBytes(StandardCharsets.US_ASCII);
    int rodataAt = 4096;
    int namesAt = rodataAt + rodata.length;
    int tableAt = namesAt + names.length;
    ByteBuffer b = ByteBuffer.allocate(tableAt + 3 * 64).order(ByteOrder.LITTLE_ENDIAN);
    b.put(0, new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1});
    b.putLong(0x28, tableAt).putShort(0x3a, (short) 64).putShort(0x3c, (short) 3)
        .putShort(0x3e, (short) 2);
    b.put(64, DECOY.getBytes(StandardCharsets.US_ASCII));
    b.put(rodataAt, rodata).put(namesAt, names);
    section(b, tableAt + 64, 1, rodataAt, rodata.length);
    section(b, tableAt + 128, 9, namesAt, names.length);
    Path file = dir.resolve("postgres");
    Files.write(file, b.array());
    return file;
  }

  private static void section(ByteBuffer b, int at, int name, long offset, long size) {
    b.putInt(at, name).putLong(at + 0x18, offset).putLong(at + 0x20, size);
  }

  @Test
  void findsASectionByItsName() throws Exception {
    try (FileChannel file = FileChannel.open(elf(), StandardOpenOption.READ)) {
      assertThat(ElfSections.find(file, ".rodata")).hasValueSatisfying(
          s -> assertThat(s).containsExactly(4096, LINE.length() + 3));
      assertThat(ElfSections.find(file, ".rodat")).isEmpty();
      assertThat(ElfSections.find(file, ".text")).isEmpty();
    }
  }

  @Test
  void theVersionComesFromTheReadOnlyDataBeforeAnyOtherMatch() throws Exception {
    assertThat(EmbeddedVersion.of(elf())).contains(LINE.strip());
  }

  @Test
  void emptyForAFileThatIsNoElfOrATruncatedOne() throws Exception {
    Path text = dir.resolve("script");
    Files.writeString(text, "#!/bin/sh\n" + DECOY);
    try (FileChannel file = FileChannel.open(text, StandardOpenOption.READ)) {
      assertThat(ElfSections.find(file, ".rodata")).isEmpty();
    }
    // The whole-file scan still finds a line outside any section.
    assertThat(EmbeddedVersion.of(text)).contains(DECOY.strip());
    Path truncated = dir.resolve("truncated");
    Files.write(truncated, java.util.Arrays.copyOf(Files.readAllBytes(elf()), 200));
    try (FileChannel file = FileChannel.open(truncated, StandardOpenOption.READ)) {
      assertThat(ElfSections.find(file, ".rodata")).isEmpty();
    }
  }

  @Test
  void readsTheSectionsOfThisJvmsOwnBinary() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    try (FileChannel file = FileChannel.open(java, StandardOpenOption.READ)) {
      long size = file.size();
      assertThat(ElfSections.find(file, ".rodata")).hasValueSatisfying(s -> {
        assertThat(s[0]).isPositive();
        assertThat(s[0] + s[1]).isLessThanOrEqualTo(size);
      });
    }
  }
}
