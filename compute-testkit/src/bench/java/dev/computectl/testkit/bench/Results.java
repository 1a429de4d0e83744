package dev.computectl.testkit.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the sections measured: the rows of the printed table and the JSON document, filled side
 * by side so the two always show the same figures. Not thread-safe; sections run one at a time.
 */
final class Results {

  /** One table line; {@code median} is already formatted (a number, a ratio or "n/a (...)"). */
  record Row(String section, String figure, String median, String spread, String n, String note) {}

  private final List<Row> rows = new ArrayList<>();
  private final ObjectNode json = JsonNodeFactory.instance.objectNode();

  ObjectNode json() {
    return json;
  }

  /** The JSON object of a section ("P1", ...), created on first use. */
  ObjectNode section(String key) {
    return json.has(key) ? (ObjectNode) json.get(key) : json.putObject(key);
  }

  /** A measured figure: median, min..max and sample count; its median goes into the JSON. */
  void figure(String section, String figure, String jsonKey, Stats stats, String unit,
      String note) {
    rows.add(new Row(section, figure, num(stats.median()) + " " + unit,
        num(stats.min()) + " .. " + num(stats.max()), Integer.toString(stats.count()), note));
    if (jsonKey != null) {
      section(section).put(jsonKey, round(stats.median()));
    }
  }

  /** A derived number (a ratio of medians, a count) without its own spread. */
  void derived(String section, String figure, String jsonKey, double value, String unit,
      String note) {
    rows.add(new Row(section, figure, num(value) + (unit.isEmpty() ? "" : " " + unit), "", "",
        note));
    if (jsonKey != null) {
      section(section).put(jsonKey, round(value));
    }
  }

  /** A figure that could not be measured: "n/a (reason)" in the table, null in the JSON. */
  void unavailable(String section, String figure, String jsonKey, String reason) {
    rows.add(new Row(section, figure, "n/a (" + reason + ")", "", "", ""));
    if (jsonKey != null) {
      section(section).putNull(jsonKey);
    }
  }

  /** Writes every JSON key of a section as null with one n/a row (the whole section failed). */
  void sectionFailed(String section, List<String> jsonKeys, String reason) {
    rows.add(new Row(section, "(all figures)", "n/a (" + reason + ")", "", "", ""));
    for (String key : jsonKeys) {
      if (!section(section).has(key)) {
        section(section).putNull(key);
      }
    }
  }

  void print(PrintStream out) {
    String[] head = {"section", "figure", "median", "spread (min .. max)", "n", "note"};
    int[] width = new int[head.length];
    for (int i = 0; i < head.length; i++) {
      width[i] = head[i].length();
    }
    for (Row r : rows) {
      String[] cells = cells(r);
      for (int i = 0; i < cells.length; i++) {
        width[i] = Math.max(width[i], cells[i].length());
      }
    }
    line(out, head, width);
    StringBuilder rule = new StringBuilder("|");
    for (int w : width) {
      rule.append("-".repeat(w + 2)).append('|');
    }
    out.println(rule);
    for (Row r : rows) {
      line(out, cells(r), width);
    }
  }

  private static String[] cells(Row r) {
    return new String[] {r.section(), r.figure(), r.median(), r.spread(), r.n(), r.note()};
  }

  private static void line(PrintStream out, String[] cells, int[] width) {
    StringBuilder b = new StringBuilder("|");
    for (int i = 0; i < cells.length; i++) {
      b.append(' ').append(cells[i]).append(" ".repeat(width[i] - cells[i].length())).append(" |");
    }
    out.println(b);
  }

  static String num(double v) {
    if (Math.abs(v) >= 100) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    if (Math.abs(v) >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    return String.format(Locale.ROOT, "%.2f", v);
  }

  static double round(double v) {
    return Math.round(v * 100.0) / 100.0;
  }
}
