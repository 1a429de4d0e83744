package dev.computectl.core;

import dev.computectl.core.config.ControlPlaneSpecSource;
import dev.computectl.core.metrics.NodeMetrics;
import dev.computectl.core.port.ComputeStorage;
import dev.computectl.core.port.PrivilegeDrop;
import dev.computectl.core.port.ProcessControl;
import dev.computectl.core.port.SpecSource;
import dev.computectl.spec.ComputeCtlConfig;
import dev.computectl.spec.ComputeSpec;
import dev.computectl.sql.SpecApplier;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Builds a {@link ComputeNode}. Required: {@link #identity} and {@link #postgres}; everything else
 * has a default. Options come in a few validated records ({@link NodeIdentity}, {@link
 * PostgresOptions}, {@link NodeTimings}, {@link TestSeams}) plus the ports a compute can be given
 * instead of its defaults. {@link #build()} refuses options that contradict each other, naming
 * both, so no option is ever silently ignored.
 *
 * <pre>{@code
 * ComputeNode node = ComputeNode.builder()
 *     .identity(NodeIdentity.of("compute-1"))
 *     .postgres(PostgresOptions.of(pgdata, "postgresql://cloud_admin@127.0.0.1:55432/postgres",
 *         PgBinaries.locate(null, System.getenv())).withTemplateCache(cacheDir))
 *     .spec(spec)
 *     .build();
 * }</pre>
 */
public final class ComputeNodeBuilder {

  NodeIdentity identity;
  PostgresOptions postgres;
  NodeTimings timings = NodeTimings.defaults();
  TestSeams seams = TestSeams.none();
  ComputeSpec spec;
  ComputeCtlConfig computeCtlConfig = ComputeCtlConfig.defaults();
  Function<NodeMetrics, ? extends SpecSource> specSource;
  private final List<String> specSourceSetters = new ArrayList<>();
  NodeMetrics metrics;
  ComputeStorage storage;
  ProcessControl processControl;
  PrivilegeDrop privilegeDrop;
  SpecApplier specApplier;
  Failpoints failpoints = Failpoints.DISABLED;
  Clock clock = Clock.systemUTC();

  ComputeNodeBuilder() {}

  public ComputeNodeBuilder identity(NodeIdentity value) {
    identity = Objects.requireNonNull(value);
    return this;
  }

  public ComputeNodeBuilder postgres(PostgresOptions value) {
    postgres = Objects.requireNonNull(value);
    return this;
  }

  public ComputeNodeBuilder timings(NodeTimings value) {
    timings = Objects.requireNonNull(value);
    return this;
  }

  /** Replaceable parts for tests; see {@link TestSeams}. */
  public ComputeNodeBuilder testSeams(TestSeams value) {
    seams = Objects.requireNonNull(value);
    return this;
  }

  /** A spec known at startup; without one the compute waits in {@code empty} for a configure. */
  public ComputeNodeBuilder spec(ComputeSpec value) {
    spec = value;
    return this;
  }

  /** The JWT keys (and other compute_ctl settings) in force until a configure replaces them. */
  public ComputeNodeBuilder computeCtlConfig(ComputeCtlConfig value) {
    computeCtlConfig = Objects.requireNonNull(value);
    return this;
  }

  /** Where a refresh fetches a fresh config (a config file, a spec file, a control plane). */
  public ComputeNodeBuilder specSource(SpecSource value) {
    Objects.requireNonNull(value);
    return specSource(metrics -> value, "specSource(" + value.describe() + ")");
  }

  /**
   * Like {@link #specSource(SpecSource)}, built in {@link #build()} with the node's own metrics,
   * so what the source counts (control-plane requests) shows in the node's registry.
   */
  public ComputeNodeBuilder specSource(Function<NodeMetrics, ? extends SpecSource> factory) {
    return specSource(Objects.requireNonNull(factory), "specSource(factory)");
  }

  /**
   * Refreshes fetch from the control plane at {@code baseUri} with {@code token} (see {@link
   * ControlPlaneSpecSource}); every request is counted in the node's {@code
   * compute_ctl_cplane_requests_total}.
   */
  public ComputeNodeBuilder controlPlane(URI baseUri, String token) {
    Objects.requireNonNull(baseUri, "baseUri");
    return specSource(m -> new ControlPlaneSpecSource(baseUri, identity.computeId(), token,
        HttpClient.newHttpClient(), m), "controlPlane(" + baseUri + ")");
  }

  private ComputeNodeBuilder specSource(
      Function<NodeMetrics, ? extends SpecSource> factory, String setter) {
    specSource = factory;
    specSourceSetters.add(setter);
    return this;
  }

  /**
   * The metrics the node records into (default: a fresh set per node). An embedder that counts
   * something before the node exists, e.g. the launcher's startup fetch from the control plane,
   * creates them first and hands them over here. One set belongs to one node: never share it.
   */
  public ComputeNodeBuilder metrics(NodeMetrics value) {
    metrics = Objects.requireNonNull(value);
    return this;
  }

  /** The storage port (default: a fresh initdb through the template cache, if one is set). */
  public ComputeNodeBuilder storage(ComputeStorage value) {
    storage = Objects.requireNonNull(value);
    return this;
  }

  /** How processes are started and signalled (default: plain JDK; the launcher uses jnr-posix). */
  public ComputeNodeBuilder processControl(ProcessControl value) {
    processControl = Objects.requireNonNull(value);
    return this;
  }

  /** How Postgres programs run when we are root (default: detected). */
  public ComputeNodeBuilder privilegeDrop(PrivilegeDrop value) {
    privilegeDrop = Objects.requireNonNull(value);
    return this;
  }

  /**
   * The applier of specs (default: compute-sql's pipelined applier on this compute's sessions,
   * closed with the node). One given here is the embedder's to close.
   */
  public ComputeNodeBuilder specApplier(SpecApplier value) {
    specApplier = Objects.requireNonNull(value);
    return this;
  }

  public ComputeNodeBuilder failpoints(Failpoints value) {
    failpoints = Objects.requireNonNull(value);
    return this;
  }

  public ComputeNodeBuilder clock(Clock value) {
    clock = Objects.requireNonNull(value);
    return this;
  }

  /**
   * @throws IllegalArgumentException naming the missing option, or both of two options that
   *     contradict each other, or every problem of an invalid {@link #spec}
   */
  public ComputeNode build() {
    require(identity != null, "identity(...) is required");
    require(postgres != null, "postgres(...) is required");
    refuseConflicts();
    return new NodeAssembly(this).node();
  }

  private void refuseConflicts() {
    require(specSourceSetters.size() <= 1, "a refresh reads its spec from one source, but "
        + String.join(" and ", specSourceSetters) + " were both set");
    if (seams.platform() != null) {
      String replaced = "testSeams().platform() replaces the Postgres layer, so ";
      require(storage == null, replaced + "storage(...) would be ignored");
      require(processControl == null, replaced + "processControl(...) would be ignored");
      require(privilegeDrop == null || postgres.binaries() != null,
          replaced + "privilegeDrop(...) would be ignored");
      require(postgres.templateCacheDir() == null,
          replaced + "postgres().templateCacheDir() would be ignored");
      require(postgres.socketDir() == null, replaced + "postgres().socketDir() would be ignored");
      require(postgres.environment().isEmpty(),
          replaced + "postgres().environment() would be ignored");
    } else {
      require(postgres.binaries() != null,
          "postgres().binaries() is required unless testSeams().platform() replaces Postgres");
    }
    require(storage == null || postgres.templateCacheDir() == null,
        "postgres().templateCacheDir() configures the default PGDATA source, which"
            + " storage(...) replaces; set one of them");
    require(metrics == null || metrics.buildTag().equals(identity.buildTag()),
        "identity().buildTag() is '" + identity.buildTag() + "' but the given metrics(...) carry"
            + " build tag '" + (metrics == null ? "" : metrics.buildTag()) + "'");
  }

  static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
