package dev.computectl.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.computectl.core.ComputeOperations;
import dev.computectl.spec.ComputeStatus;
import dev.computectl.spec.api.ComputeStatusResponse;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ServerLifecycleTest {

  final ComputeOperations ops = mock(ComputeOperations.class);

  ServerLifecycleTest() {
    when(ops.computeId()).thenReturn("compute-1");
  }

  @Test
  void a_taken_port_fails_start_with_a_clear_error() {
    try (ComputeHttpServer first = ComputeHttpServer.internal(ops, HttpOptions.internalDefaults().withPort(0)).start()) {
      ComputeHttpServer second = ComputeHttpServer.internal(ops, HttpOptions.internalDefaults().withPort(first.port()));
      assertThatThrownBy(second::start)
          .isInstanceOf(HttpStartException.class)
          .hasMessageContaining("internal HTTP server of compute-1")
          .hasMessageContaining("127.0.0.1:" + first.port());
    }
  }

  @Test
  void the_external_server_binds_every_interface_by_default() throws Exception {
    when(ops.ready()).thenReturn(true);
    try (ComputeHttpServer server =
        ComputeHttpServer.external(ops, HttpOptions.externalDefaults().withPort(0)).start()) {
      assertThat(new TestHttp(server).get("/readiness").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void the_internal_server_refuses_a_non_loopback_address() {
    assertThatThrownBy(() -> ComputeHttpServer.internal(ops, HttpOptions.internalDefaults().withHost(null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("loopback");
    assertThatThrownBy(() -> ComputeHttpServer.internal(ops, HttpOptions.internalDefaults().withHost("0.0.0.0")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void port_needs_a_started_server_and_close_is_idempotent() {
    ComputeHttpServer server = ComputeHttpServer.internal(ops, HttpOptions.internalDefaults().withPort(0));
    assertThatThrownBy(server::port).isInstanceOf(IllegalStateException.class);
    server.start();
    assertThat(server.port()).isPositive();
    server.close();
    server.close();
    assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void options_reject_nonsense() {
    assertThatThrownBy(() -> HttpOptions.externalDefaults().withPort(70000)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HttpOptions.externalDefaults().withMaxRequestBytes(0)).isInstanceOf(IllegalArgumentException.class);
    assertThat(HttpOptions.externalDefaults().port()).isEqualTo(3080);
    assertThat(HttpOptions.internalDefaults().port()).isEqualTo(3081);
    assertThat(HttpOptions.internalDefaults().host()).isEqualTo("127.0.0.1");
    assertThat(HttpOptions.externalDefaults().maxRequestBytes()).isEqualTo(64L * 1024 * 1024);
  }

  @Test
  void status_answers_while_a_configure_is_blocked() throws Exception {
    CountDownLatch configureEntered = new CountDownLatch(1);
    CountDownLatch releaseConfigure = new CountDownLatch(1);
    ComputeStatusResponse pending =
        new ComputeStatusResponse(null, null, null, ComputeStatus.CONFIGURATION_PENDING, null, null);
    when(ops.statusResponse()).thenReturn(pending);
    when(ops.configure(any())).thenAnswer(call -> {
      configureEntered.countDown();
      assertThat(releaseConfigure.await(20, TimeUnit.SECONDS)).isTrue();
      return new ComputeStatusResponse(null, null, null, ComputeStatus.RUNNING, null, null);
    });
    // Few Jetty threads, to show the blocking call does not hold one of them.
    try (ComputeHttpServer server = ComputeHttpServer.internal(ops, HttpOptions.internalDefaults().withPort(0)).start()) {
      TestHttp http = new TestHttp(server);
      CompletableFuture<HttpResponse<String>> configure = CompletableFuture.supplyAsync(() -> {
        try {
          return http.postJson("/configure", ExternalRoutesTest.MINIMAL_CONFIGURE);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      assertThat(configureEntered.await(10, TimeUnit.SECONDS)).isTrue();
      for (int i = 0; i < 20; i++) {
        HttpResponse<String> status = http.get("/status");
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(status.body()).contains("configuration_pending");
      }
      assertThat(configure).isNotDone();
      releaseConfigure.countDown();
      assertThat(configure.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void blocking_calls_past_the_limit_get_503() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    when(ops.configure(any())).thenAnswer(call -> {
      entered.countDown();
      release.await(20, TimeUnit.SECONDS);
      return new ComputeStatusResponse(null, null, null, ComputeStatus.RUNNING, null, null);
    });
    HttpOptions options = HttpOptions.internalDefaults().withPort(0).withMaxBlockingRequests(1);
    try (ComputeHttpServer server = ComputeHttpServer.internal(ops, options).start()) {
      TestHttp http = new TestHttp(server);
      CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> {
        try {
          return http.postJson("/configure", ExternalRoutesTest.MINIMAL_CONFIGURE);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
      ExternalRoutesTest.assertJsonError(
          http.postJson("/configure", ExternalRoutesTest.MINIMAL_CONFIGURE), 503, "too many");
      release.countDown();
      assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void close_lets_an_in_flight_request_answer() throws Exception {
    // The launcher closes the servers as soon as the compute exits, while the /terminate (here a
    // /configure: same blocking pool, no token needed) that ended it may still be answering.
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    when(ops.configure(any())).thenAnswer(call -> {
      entered.countDown();
      assertThat(release.await(20, TimeUnit.SECONDS)).isTrue();
      return new ComputeStatusResponse(null, null, null, ComputeStatus.RUNNING, null, null);
    });
    when(ops.statusResponse()).thenReturn(
        new ComputeStatusResponse(null, null, null, ComputeStatus.CONFIGURATION_PENDING, null, null));
    ComputeHttpServer server =
        ComputeHttpServer.internal(ops, HttpOptions.internalDefaults().withPort(0)).start();
    TestHttp http = new TestHttp(server);
    CompletableFuture<HttpResponse<String>> inFlight = CompletableFuture.supplyAsync(() -> {
      try {
        return http.postJson("/configure", ExternalRoutesTest.MINIMAL_CONFIGURE);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
    // Once the server refuses new requests, close() is under way; only then may the call end.
    await().atMost(Duration.ofSeconds(5)).until(() -> !answersOk(http));
    assertThat(closing).isNotDone();
    release.countDown();
    HttpResponse<String> answer = inFlight.get(10, TimeUnit.SECONDS);
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).contains("running");
    closing.get(10, TimeUnit.SECONDS);
  }

  private static boolean answersOk(TestHttp http) {
    try {
      return http.get("/status").statusCode() == 200;
    } catch (Exception e) {
      return false;
    }
  }

  /**
   * Issue #17: a client that got its answer and keeps its keep-alive connection open made Jetty's
   * graceful stop time out, and close() threw (the launcher then exited 1 instead of Postgres's
   * code). Closing must not throw and must stay bounded.
   */
  @Test
  void close_does_not_throw_while_an_answered_client_holds_its_keep_alive_connection()
      throws Exception {
    when(ops.status()).thenReturn(ComputeStatus.RUNNING);
    when(ops.ready()).thenReturn(true);
    ComputeHttpServer server =
        ComputeHttpServer.internal(ops, HttpOptions.internalDefaults().withPort(0)).start();
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(5_000);
      socket.getOutputStream().write(("GET /liveness HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Connection: keep-alive\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      byte[] buffer = new byte[512];
      int read = socket.getInputStream().read(buffer);
      assertThat(new String(buffer, 0, read, java.nio.charset.StandardCharsets.US_ASCII))
          .startsWith("HTTP/1.1 200");
      long start = System.nanoTime();
      server.close(); // the connection stays open, idle, answered
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isLessThan(ComputeHttpServer.STOP_GRACE.plusSeconds(3));
      int port = socket.getPort();
      try (java.net.ServerSocket again = new java.net.ServerSocket()) {
        again.setReuseAddress(true);
        again.bind(new java.net.InetSocketAddress("127.0.0.1", port));
        assertThat(again.getLocalPort()).as("the port is released").isEqualTo(port);
      }
    }
  }
}
