package dev.computectl.core.storage;

import dev.computectl.core.internal.io.FileTrees;
import dev.computectl.core.internal.io.ToolRunner;
import dev.computectl.core.internal.storage.BaseBackup;
import dev.computectl.core.port.PgdataRequest;
import dev.computectl.core.postgres.TemplateCache;
import dev.computectl.core.port.PgdataResult;
import dev.computectl.core.port.ComputeStorage;
import dev.computectl.spec.ComputeMode;
import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.SpecProblem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Prepares PGDATA with initdb. With a {@link TemplateCache}, initdb runs once per installation,
 * locale and admin role, and each later prepare copies that template (a few tens of milliseconds
 * instead of most of a second). Without one, every prepare runs initdb (for benchmarks).
 *
 * <p>The parent of PGDATA must be traversable by the request's run-as user.
 */
public final class FreshStorage implements ComputeStorage {

  public static final String DEFAULT_LOCALE = "C.UTF-8";
  private static final Duration INITDB_TIMEOUT = Duration.ofMinutes(5);

  /** The setting of a Replica spec that names its upstream (as Neon's control plane sends it). */
  public static final String PRIMARY_CONNINFO = "primary_conninfo";
  private static final Duration DEFAULT_UPSTREAM_WAIT = Duration.ofSeconds(60);

  private final Optional<TemplateCache> cache;
  private final String locale;
  private final Duration upstreamWait;

  private FreshStorage(Optional<TemplateCache> cache, String locale, Duration upstreamWait) {
    this.cache = cache;
    this.locale = Objects.requireNonNull(locale);
    this.upstreamWait = Objects.requireNonNull(upstreamWait);
  }

  /** Copies templates from {@code cache}, building each once. */
  public static FreshStorage cached(TemplateCache cache) {
    return new FreshStorage(Optional.of(cache), DEFAULT_LOCALE, DEFAULT_UPSTREAM_WAIT);
  }

  /** Runs initdb for every prepare. */
  public static FreshStorage uncached() {
    return new FreshStorage(Optional.empty(), DEFAULT_LOCALE, DEFAULT_UPSTREAM_WAIT);
  }

  /** The same source with another initdb locale (for example {@code C}). */
  public FreshStorage withLocale(String otherLocale) {
    return new FreshStorage(cache, otherLocale, upstreamWait);
  }

  /**
   * How long a Replica's start keeps trying an upstream that cannot be reached or refuses
   * (default 60 s), before the start fails quoting the upstream's error.
   */
  public FreshStorage withUpstreamWait(Duration value) {
    return new FreshStorage(cache, locale, value);
  }

  /**
   * A Static compute reads the past at an LSN, which a fresh cluster does not have; a Replica
   * copies its upstream, so it must name one.
   */
  @Override
  public List<SpecProblem> check(ComputeSpec spec) {
    if (spec.mode() instanceof ComputeMode.Static) {
      return List.of(new SpecProblem("mode", "a Static compute reads the past at an LSN from"
          + " storage, and this compute has none: configure a pgBackRest repository"
          + " (compute_ctl --pgbackrest-config)"));
    }
    if (spec.mode() instanceof ComputeMode.Replica
        && spec.cluster().setting(PRIMARY_CONNINFO).isEmpty()) {
      return List.of(new SpecProblem("cluster.settings", "a Replica follows its primary: set"
          + " primary_conninfo in cluster.settings (this compute has no storage to restore"
          + " from)"));
    }
    return List.of();
  }

  @Override
  public String describe() {
    return cache.map(c -> "fresh initdb (template cache " + c.root() + ")").orElse("fresh initdb");
  }

  @Override
  public PgdataResult prepare(PgdataRequest request) throws IOException {
    long started = System.nanoTime();
    Optional<String> upstream = request.spec().mode() instanceof ComputeMode.Replica
        ? request.spec().cluster().setting(PRIMARY_CONNINFO) : Optional.empty();
    if (upstream.isPresent()) {
      long bytes = BaseBackup.copy(request, upstream.get(), upstreamWait);
      return new PgdataResult(Duration.ofNanos(System.nanoTime() - started), bytes,
          "pg_basebackup from " + BaseBackup.split(upstream.get()).withoutPassword());
    }
    Path pgdata = request.pgdata();
    FileTrees.deleteRecursively(pgdata);
    Files.createDirectories(pgdata);
    String description;
    long bytes;
    if (cache.isPresent()) {
      TemplateCache.Key key = new TemplateCache.Key(request.binaries().binDir(),
          request.binaries().version(), locale, request.adminRole());
      boolean hit = cache.get().contains(key);
      Path template = cache.get().template(key, dir -> initdb(request, dir));
      bytes = FileTrees.copyTree(template, pgdata);
      description = "copied template " + template.getFileName() + (hit ? "" : " (just built)");
    } else {
      initdb(request, pgdata);
      bytes = FileTrees.size(pgdata);
      description = "initdb";
    }
    Files.setPosixFilePermissions(pgdata, PosixFilePermissions.fromString("rwx------"));
    request.runAs().grant(pgdata);
    return new PgdataResult(Duration.ofNanos(System.nanoTime() - started), bytes, description);
  }

  /** initdb into the existing empty {@code dir}, then empties postgresql.conf. */
  private void initdb(PgdataRequest request, Path dir) throws IOException {
    request.runAs().grant(dir);
    List<String> command = List.of(
        request.binaries().tool("initdb").toString(),
        "-D", dir.toString(),
        "-U", request.adminRole(),
        "--auth=trust",
        "--no-sync",
        "--no-instructions",
        "-E", "UTF8",
        "--locale=" + locale);
    ToolRunner.run(request.runAs().wrap(command), Map.of(), dir, INITDB_TIMEOUT);
    // The caller writes the whole configuration; initdb's defaults must not leak into it.
    Files.writeString(dir.resolve("postgresql.conf"), "");
  }
}
