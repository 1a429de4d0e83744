package dev.computectl.spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Neon's own spec files, copied under src/test/resources/neon (Apache-2.0, see README there). */
final class Fixtures {
  static final String API_SPEC = "compute_api-cluster_spec.json";
  static final String TOOLS_SPEC = "compute_tools-cluster_spec.json";
  static final String COMPOSE_CONFIG = "docker-compose-compute_wrapper-config.json";

  private Fixtures() {}

  static String load(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/neon/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
