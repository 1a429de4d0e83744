package dev.computectl.core.port;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The version line a {@code postgres} binary carries in its read-only data, the very text {@code
 * postgres --version} prints: reading it costs a scan of the file instead of starting a process.
 * Empty when the file holds no such line (a wrapper script, for example).
 */
final class EmbeddedVersion {

  private static final byte[] PREFIX = "postgres (PostgreSQL) ".getBytes(StandardCharsets.US_ASCII);
  private static final int CHUNK = 1 << 20;
  private static final int MAX_LINE = 200;

  private EmbeddedVersion() {}

  static Optional<String> of(Path binary) {
    try (FileChannel file = FileChannel.open(binary, StandardOpenOption.READ)) {
      long size = file.size();
      // The read-only data hold the line: in a 9 MB postgres, 1.7 MB from 6 MB on. Scanned
      // first, then, should the section table mislead, the whole file.
      Optional<long[]> rodata = ElfSections.find(file, ".rodata");
      if (rodata.isPresent()) {
        long from = rodata.get()[0];
        Optional<String> line = scan(file, from, Math.min(size, from + rodata.get()[1]));
        if (line.isPresent()) {
          return line;
        }
      }
      return scan(file, 0, size);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The first version line that starts in {@code [from, to)}. */
  private static Optional<String> scan(FileChannel file, long from, long to) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(CHUNK + MAX_LINE);
    long position = from;
    while (position < to) {
      buffer.clear();
      while (buffer.hasRemaining() && file.read(buffer, position + buffer.position()) > 0) {
        // read until the buffer is full or the file ends
      }
      if (buffer.position() == 0) {
        return Optional.empty();
      }
      byte[] bytes = buffer.array();
      int limit = buffer.position();
      boolean end = limit < CHUNK + MAX_LINE;
      // Only starts within the chunk: the overlap is searched again as the next chunk's start.
      int last = (int) Math.min(end ? limit - PREFIX.length : CHUNK - 1, to - 1 - position);
      int at = indexOf(bytes, last);
      if (at >= 0) {
        Optional<String> line = line(bytes, at, limit);
        if (line.isPresent()) {
          return line;
        }
      }
      if (end) {
        return Optional.empty();
      }
      // The next chunk starts where a line cut at this one's end begins again.
      position += CHUNK;
    }
    return Optional.empty();
  }

  private static int indexOf(byte[] bytes, int last) {
    outer:
    for (int i = 0; i <= last; i++) {
      if (bytes[i] != 'p') {
        continue;
      }
      for (int j = 1; j < PREFIX.length; j++) {
        if (bytes[i + j] != PREFIX[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** The printable text from {@code at} to the newline that ends it. */
  private static Optional<String> line(byte[] bytes, int at, int limit) {
    for (int i = at; i < limit && i - at <= MAX_LINE; i++) {
      byte b = bytes[i];
      if (b == '\n') {
        return Optional.of(new String(bytes, at, i - at, StandardCharsets.US_ASCII));
      }
      if (b < 0x20 || b > 0x7e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }
}
