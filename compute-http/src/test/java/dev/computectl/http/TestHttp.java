package dev.computectl.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A tiny client for one server under test. */
final class TestHttp {

  static final String JSON = "application/json";

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private String token;

  TestHttp(ComputeHttpServer server) {
    this.base = "http://127.0.0.1:" + server.port();
  }

  TestHttp withToken(String bearer) {
    this.token = bearer;
    return this;
  }

  HttpRequest.Builder request(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(request(path).GET());
  }

  HttpResponse<String> post(String path) throws IOException, InterruptedException {
    return send(request(path).POST(HttpRequest.BodyPublishers.noBody()));
  }

  HttpResponse<String> postJson(String path, String body) throws IOException, InterruptedException {
    return send(request(path).header("Content-Type", JSON).POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  HttpResponse<String> send(HttpRequest.Builder builder) throws IOException, InterruptedException {
    return client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
  }
}
