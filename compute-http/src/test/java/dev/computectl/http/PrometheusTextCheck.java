package dev.computectl.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A strict reader of Prometheus text format 0.0.4, enough to prove the endpoint's output parses:
 * every line is a HELP, a TYPE or a sample; samples belong to a declared family; values are numbers.
 */
final class PrometheusTextCheck {

  private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

  private PrometheusTextCheck() {}

  /** Series (name plus label text) to value. Fails the test on any malformed line. */
  static Map<String, Double> parse(String text) {
    assertThat(text).endsWith("\n");
    Map<String, Double> samples = new LinkedHashMap<>();
    Set<String> families = new HashSet<>();
    for (String line : text.split("\n")) {
      if (line.startsWith("# HELP ")) {
        assertThat(line.split(" ", 4)).as("HELP line %s", line).hasSize(4);
      } else if (line.startsWith("# TYPE ")) {
        String[] parts = line.split(" ");
        assertThat(parts).as("TYPE line %s", line).hasSize(4);
        assertThat(TYPES).contains(parts[3]);
        assertThat(families.add(parts[2])).as("family declared twice: %s", parts[2]).isTrue();
      } else {
        int split = line.lastIndexOf(' ');
        assertThat(split).as("sample line %s", line).isPositive();
        String series = line.substring(0, split);
        String name = series.contains("{") ? series.substring(0, series.indexOf('{')) : series;
        assertThat(name).matches("[a-zA-Z_:][a-zA-Z0-9_:]*");
        if (series.contains("{")) {
          assertThat(series).endsWith("}");
          String labels = series.substring(series.indexOf('{') + 1, series.length() - 1);
          assertThat(labels).matches("([a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\]|\\\\.)*\",?)*");
        }
        assertThat(families.stream().anyMatch(name::startsWith))
            .as("sample %s has no TYPE", name).isTrue();
        samples.put(series, Double.parseDouble(line.substring(split + 1)));
      }
    }
    return samples;
  }
}
