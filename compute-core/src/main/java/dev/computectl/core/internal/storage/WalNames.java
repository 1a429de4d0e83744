package dev.computectl.core.internal.storage;

import dev.computectl.spec.Lsn;

/**
 * WAL segment file names ({@code TTTTTTTTXXXXXXXXYYYYYYYY}: timeline, then the segment number
 * split in two 32-bit halves counted in segments of the cluster's size) and the LSNs they cover.
 */
public final class WalNames {

  /** The default WAL segment size; pgBackRest reports segment names, not sizes. */
  public static final long DEFAULT_SEGMENT_BYTES = 16L * 1024 * 1024;

  private WalNames() {}

  /** The name of the segment of {@code timeline} that holds {@code lsn}. */
  public static String segmentOf(int timeline, Lsn lsn, long segmentBytes) {
    long segno = Long.divideUnsigned(lsn.value(), segmentBytes);
    long perXlogId = 0x1_0000_0000L / segmentBytes;
    return String.format("%08X%08X%08X", timeline, segno / perXlogId, segno % perXlogId);
  }

  /** The first LSN of the segment called {@code name}. */
  public static Lsn start(String name, long segmentBytes) {
    requireName(name);
    long high = Long.parseLong(name.substring(8, 16), 16);
    long low = Long.parseLong(name.substring(16, 24), 16);
    long perXlogId = 0x1_0000_0000L / segmentBytes;
    return new Lsn((high * perXlogId + low) * segmentBytes);
  }

  /** The first LSN after the segment called {@code name}. */
  public static Lsn end(String name, long segmentBytes) {
    return new Lsn(start(name, segmentBytes).value() + segmentBytes);
  }

  /** The timeline of the segment called {@code name}. */
  public static int timeline(String name) {
    requireName(name);
    return Integer.parseInt(name.substring(0, 8), 16);
  }

  private static void requireName(String name) {
    if (name == null || name.length() < 24 || !name.substring(0, 24).matches("[0-9A-F]{24}")) {
      throw new IllegalArgumentException("not a WAL segment name: " + name);
    }
  }
}
