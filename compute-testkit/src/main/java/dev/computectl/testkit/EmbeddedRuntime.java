package dev.computectl.testkit;

import dev.computectl.core.ComputeNode;
import dev.computectl.core.ComputeNodeBuilder;
import dev.computectl.core.NodeIdentity;
import dev.computectl.core.NodeTimings;
import dev.computectl.core.PostgresOptions;
import dev.computectl.core.config.ConfigFileSpecSource;
import dev.computectl.core.config.ControlPlaneSpecSource;
import dev.computectl.core.port.SpecSource;
import dev.computectl.core.failpoint.ArmedFailpoints;
import dev.computectl.core.metrics.NodeMetrics;
import dev.computectl.http.ComputeHttpServer;
import dev.computectl.http.HttpOptions;
import dev.computectl.spec.ComputeConfig;
import dev.computectl.spec.ComputeCtlConfig;
import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.ComputeStatus;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A compute in this JVM: a {@link ComputeNode} plus both HTTP servers, wired as the launcher wires
 * them. Its log goes to this JVM's SLF4J binding; the events of its threads are also kept for
 * {@link #logLines()}.
 */
final class EmbeddedRuntime implements ComputeRuntime {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedRuntime.class);

  private final ComputeSetup setup;
  private final ComputeNode node;
  private final ComputeHttpServer external;
  private final ComputeHttpServer internal;
  private final ComputeLogs logs;

  private EmbeddedRuntime(
      ComputeSetup setup,
      ComputeNode node,
      ComputeHttpServer external,
      ComputeHttpServer internal,
      ComputeLogs logs) {
    this.setup = setup;
    this.node = node;
    this.external = external;
    this.internal = internal;
    this.logs = logs;
  }

  static EmbeddedRuntime start(ComputeSetup s) throws Exception {
    // Created before the node, as the launcher does, so the startup fetch from the control plane
    // counts in the same registry (GET /metrics) as the refreshes the node makes later.
    NodeMetrics metrics = new NodeMetrics("latest");
    SpecSource source = null;
    if (s.configFile() != null) {
      source = new ConfigFileSpecSource(s.configFile());
    } else if (s.controlPlaneUri() != null) {
      source =
          new ControlPlaneSpecSource(
              s.controlPlaneUri(),
              s.computeId(),
              s.controlPlaneToken(),
              HttpClient.newHttpClient(),
              metrics);
    }
    ComputeSpec spec = s.spec();
    ComputeCtlConfig ctl = s.keys().ctlConfig();
    if (source != null) {
      // As the launcher does: the startup config comes from the same source a refresh uses.
      ComputeConfig config = source.fetch();
      spec = config.spec();
      ctl = config.computeCtlConfig();
    }
    PostgresOptions postgres = PostgresOptions.of(s.pgdata(), s.connstr(), s.binaries())
        .withSocketDir(s.socketDir());
    if (s.storage() == null) {
      postgres = postgres.withTemplateCache(s.templateCacheDir());
    }
    ComputeNodeBuilder builder =
        ComputeNode.builder()
            .identity(NodeIdentity.of(s.computeId()).withInternalHttpPort(s.internalPort()))
            .postgres(postgres)
            .timings(NodeTimings.defaults().withStopGrace(Duration.ofSeconds(10)))
            .computeCtlConfig(ctl)
            .metrics(metrics);
    if (spec != null) {
      builder.spec(spec);
    }
    if (s.controlPlaneUri() != null) {
      builder.controlPlane(s.controlPlaneUri(), s.controlPlaneToken());
    } else if (source != null) {
      builder.specSource(source);
    }
    if (s.failpoints()) {
      builder.failpoints(new ArmedFailpoints());
    }
    if (s.storage() != null) {
      builder.storage(s.storage());
    }
    ComputeNode node = builder.build();
    ComputeLogs logs = ComputeLogs.attach(s.computeId());
    ComputeHttpServer ext = null;
    try {
      ext =
          ComputeHttpServer.external(
                  node,
                  HttpOptions.externalDefaults().withHost("127.0.0.1").withPort(s.externalPort()))
              .start();
      ComputeHttpServer in =
          ComputeHttpServer.internal(
                  node, HttpOptions.internalDefaults().withPort(s.internalPort()))
              .start();
      node.start();
      return new EmbeddedRuntime(s, node, ext, in, logs);
    } catch (RuntimeException e) {
      if (ext != null) {
        ext.close();
      }
      node.close();
      logs.detach();
      throw e;
    }
  }

  ComputeNode node() {
    return node;
  }

  @Override
  public int externalPort() {
    return external.port();
  }

  @Override
  public int internalPort() {
    return internal.port();
  }

  @Override
  public ComputeStatus status() {
    return node.status();
  }

  @Override
  public Optional<String> error() {
    return Optional.ofNullable(node.statusResponse().error());
  }

  @Override
  public Optional<Integer> exitCode() {
    return node.exitFuture().isDone()
        ? Optional.of(node.exitFuture().join().code())
        : Optional.empty();
  }

  @Override
  public Optional<Long> postmasterPid() {
    return node.postmasterPid().or(() -> Processes.postmasterPidFile(setup.pgdata()));
  }

  /** Log events of this compute's threads (see {@link ComputeLogs}). */
  @Override
  public List<String> logLines() {
    return logs.lines();
  }

  @Override
  public void close() {
    Optional<Long> pid = postmasterPid();
    try {
      node.close(); // terminate immediate unless already terminating, then join the threads
    } catch (RuntimeException e) {
      log.warn("compute {}: close failed: {}", setup.computeId(), e.toString());
    }
    external.close();
    internal.close();
    pid.ifPresent(p -> Processes.killIfAlive(p, "postgres of " + setup.computeId()));
    Processes.postmasterPidFile(setup.pgdata())
        .ifPresent(p -> Processes.killIfAlive(p, "postgres of " + setup.computeId()));
    logs.detach();
  }
}
