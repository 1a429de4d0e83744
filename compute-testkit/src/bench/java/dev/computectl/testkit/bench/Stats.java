package dev.computectl.testkit.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Samples of one figure (milliseconds or another unit) with the order statistics we print. */
record Stats(List<Double> samples) {

  Stats {
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("no samples");
    }
    List<Double> sorted = new ArrayList<>(samples);
    Collections.sort(sorted);
    samples = List.copyOf(sorted);
  }

  static Stats of(List<Double> samples) {
    return new Stats(samples);
  }

  double median() {
    return percentile(50);
  }

  double min() {
    return samples.get(0);
  }

  double max() {
    return samples.get(samples.size() - 1);
  }

  int count() {
    return samples.size();
  }

  /** Nearest-rank percentile of the samples. */
  double percentile(double p) {
    if (p == 50 && samples.size() % 2 == 0) {
      int mid = samples.size() / 2;
      return (samples.get(mid - 1) + samples.get(mid)) / 2;
    }
    int rank = (int) Math.ceil(p / 100.0 * samples.size());
    return samples.get(Math.max(0, Math.min(samples.size() - 1, rank - 1)));
  }
}
