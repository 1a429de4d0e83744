package dev.computectl.core.internal.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.computectl.core.port.PrivilegeDrop;
import dev.computectl.spec.TlsConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsWatcherTest {

  @TempDir Path pgdata;
  @TempDir Path sources;

  private void copy(String resource, String name) throws IOException {
    Path temp = sources.resolve(name + ".new");
    try (InputStream in = TlsWatcherTest.class.getResourceAsStream("/tls/" + resource)) {
      Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
    }
    Files.move(temp, sources.resolve(name), StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  private TlsFiles installed() throws IOException {
    copy("ec.key", "tls.key");
    copy("ec.crt", "tls.crt");
    TlsFiles files = new TlsFiles(pgdata, PrivilegeDrop.none());
    files.install(new TlsConfig(sources.resolve("tls.key").toString(),
        sources.resolve("tls.crt").toString()));
    return files;
  }

  @Test
  void aRotatedPairIsCopiedAndReloadedWithinAFewPollsAndStopEndsTheThread() throws Exception {
    TlsFiles files = installed();
    AtomicInteger reloads = new AtomicInteger();
    TlsWatcher watcher = new TlsWatcher("w1", files, Duration.ofMillis(50),
        reloads::incrementAndGet);
    watcher.start();
    try {
      Thread.sleep(200);
      assertThat(reloads).as("nothing changed yet").hasValue(0);
      assertThat(threadNames()).contains("w1-tls");

      copy("ec2.key", "tls.key");
      copy("ec2.crt", "tls.crt");
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (reloads.get() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(reloads).hasValue(1);
      assertThat(pgdata.resolve(TlsFiles.SERVER_CRT))
          .hasSameBinaryContentAs(sources.resolve("tls.crt"));
    } finally {
      watcher.stop();
    }
    assertThat(threadNames()).doesNotContain("w1-tls");
  }

  @Test
  void noReloadWhileTheNewPairIsInconsistentThenOneWhenItIs() throws Exception {
    TlsFiles files = installed();
    AtomicInteger reloads = new AtomicInteger();
    TlsWatcher watcher = new TlsWatcher("w2", files, Duration.ofSeconds(60),
        reloads::incrementAndGet);

    copy("ec2.crt", "tls.crt");
    watcher.round();
    watcher.round();
    assertThat(reloads).hasValue(0);

    copy("ec2.key", "tls.key");
    watcher.round();
    watcher.round();
    assertThat(reloads).hasValue(1);
  }

  @Test
  void aWatcherStoppedBeforeItStartedNeverRuns() {
    TlsWatcher watcher = new TlsWatcher("w3", new TlsFiles(pgdata, PrivilegeDrop.none()),
        Duration.ofMillis(10), () -> {});
    watcher.stop();
    watcher.start();
    assertThat(threadNames()).doesNotContain("w3-tls");
  }

  private static Set<String> threadNames() {
    return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
        .collect(java.util.stream.Collectors.toSet());
  }
}
