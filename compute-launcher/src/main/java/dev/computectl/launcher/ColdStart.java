package dev.computectl.launcher;

/** What the compute_ctl process sets up before anything else, so a cold JVM starts faster. */
final class ColdStart {

  /** Jetty's padding of its concurrent structures: references per 64-byte cache line. */
  static final String JETTY_REFERENCES_PER_CACHE_LINE =
      "org.eclipse.jetty.util.referencesPerCacheLine";
  /** Up to this heap the JVM compresses references to 4 bytes. */
  private static final long COMPRESSED_OOPS_LIMIT = 32L << 30;

  private ColdStart() {}

  /**
   * Tells Jetty the size of a reference, which it otherwise asks the JVM through JMX: starting
   * the platform MBean server costs a cold process about 150 ms. Only a guess of padding (a
   * wrong one costs speed, never correctness), so a value set by the user is kept. For the
   * compute_ctl process only: a library must not set system properties for its embedder.
   */
  static void tellJettyTheReferenceSize() {
    if (System.getProperty(JETTY_REFERENCES_PER_CACHE_LINE) == null) {
      boolean compressed = Runtime.getRuntime().maxMemory() < COMPRESSED_OOPS_LIMIT;
      System.setProperty(JETTY_REFERENCES_PER_CACHE_LINE, compressed ? "16" : "8");
    }
  }
}
