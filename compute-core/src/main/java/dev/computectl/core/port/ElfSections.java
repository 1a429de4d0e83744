package dev.computectl.core.port;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Finds a section of a 64-bit little-endian ELF file (x86-64, arm64 Linux) by its name, from the
 * section header table: only the headers and the section name table are read.
 */
final class ElfSections {

  private static final int HEADER_SIZE = 64;
  private static final int SECTION_HEADER_SIZE = 64;
  /** A postgres binary has about 40 sections; more means this is no ELF we understand. */
  private static final int MAX_SECTIONS = 4096;

  private ElfSections() {}

  /** The section's file offset and size; empty for another format or no such section. */
  static Optional<long[]> find(FileChannel file, String name) throws IOException {
    ByteBuffer header = read(file, 0, HEADER_SIZE);
    if (header == null || header.getInt(0) != 0x464c457f // "\x7fELF", read little-endian
        || header.get(4) != 2 || header.get(5) != 1) {
      return Optional.empty();
    }
    long tableOffset = header.getLong(0x28);
    int entrySize = Short.toUnsignedInt(header.getShort(0x3a));
    int count = Short.toUnsignedInt(header.getShort(0x3c));
    int namesIndex = Short.toUnsignedInt(header.getShort(0x3e));
    if (entrySize < SECTION_HEADER_SIZE || count == 0 || count > MAX_SECTIONS
        || namesIndex >= count) {
      return Optional.empty();
    }
    ByteBuffer table = read(file, tableOffset, entrySize * count);
    if (table == null) {
      return Optional.empty();
    }
    int namesAt = namesIndex * entrySize;
    long namesSize = table.getLong(namesAt + 0x20);
    if (namesSize <= 0 || namesSize > 1 << 20) {
      return Optional.empty();
    }
    ByteBuffer names = read(file, table.getLong(namesAt + 0x18), (int) namesSize);
    if (names == null) {
      return Optional.empty();
    }
    byte[] wanted = name.getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < count; i++) {
      int at = i * entrySize;
      int nameAt = table.getInt(at);
      if (nameAt >= 0 && named(names, nameAt, wanted)) {
        return Optional.of(new long[] {table.getLong(at + 0x18), table.getLong(at + 0x20)});
      }
    }
    return Optional.empty();
  }

  private static boolean named(ByteBuffer names, int at, byte[] wanted) {
    if (at + wanted.length >= names.limit()) {
      return false;
    }
    for (int i = 0; i < wanted.length; i++) {
      if (names.get(at + i) != wanted[i]) {
        return false;
      }
    }
    return names.get(at + wanted.length) == 0;
  }

  /** {@code length} bytes at {@code offset}, little-endian; null when the file is shorter. */
  private static ByteBuffer read(FileChannel file, long offset, int length) throws IOException {
    if (offset < 0 || length < 0 || offset + length > file.size()) {
      return null;
    }
    ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    while (buffer.hasRemaining()) {
      if (file.read(buffer, offset + buffer.position()) < 0) {
        return null;
      }
    }
    return buffer.flip();
  }
}
