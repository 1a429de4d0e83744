package dev.computectl.core;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.stream.Collectors;

/** A tiny text rendering of a registry for assertions (compute-core has no exposition format). */
public final class Scrape {

  private Scrape() {}

  public static String text(PrometheusRegistry registry) {
    StringBuilder out = new StringBuilder();
    for (MetricSnapshot m : registry.scrape()) {
      String name = m.getMetadata().getPrometheusName();
      if (m instanceof GaugeSnapshot g) {
        g.getDataPoints().forEach(d ->
            out.append(line(name, d.getLabels(), d.getValue())));
      } else if (m instanceof CounterSnapshot c) {
        c.getDataPoints().forEach(d ->
            out.append(line(name + "_total", d.getLabels(), d.getValue())));
      }
    }
    return out.toString();
  }

  private static String line(String name, Labels labels, double value) {
    String l = labels.isEmpty() ? ""
        : labels.stream().map(x -> x.getName() + "=\"" + x.getValue() + "\"")
            .collect(Collectors.joining(",", "{", "}"));
    String v = value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    return name + l + " " + v + "\n";
  }
}
