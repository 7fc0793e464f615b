package dev.chapter20.benchmarks.workloads;

import java.util.Locale;

/**
 * One result as a single line of JSON, {@code {"workload": "pool", "round_trip_us": 41.2}}: what a
 * workload prints for {@code benchmarks/python/compare.py} to read.
 *
 * <p>Only the few value types the workloads need; keys and text values are plain ASCII words chosen
 * in this package, so nothing needs escaping.
 */
public final class JsonLine {

  private final StringBuilder json = new StringBuilder("{");

  private JsonLine() {}

  /** Starts a line whose {@code "workload"} field is {@code name}. */
  public static JsonLine of(String name) {
    return new JsonLine().put("workload", name);
  }

  /** Adds a text field. */
  public JsonLine put(String key, String value) {
    return field(key, '"' + value + '"');
  }

  /** Adds a number field. */
  public JsonLine put(String key, double value) {
    return field(key, String.format(Locale.ROOT, "%.6g", value));
  }

  /** Adds a whole-number field. */
  public JsonLine put(String key, long value) {
    return field(key, Long.toString(value));
  }

  private JsonLine field(String key, String json) {
    if (this.json.length() > 1) {
      this.json.append(", ");
    }
    this.json.append('"').append(key).append("\": ").append(json);
    return this;
  }

  @Override
  public String toString() {
    return json + "}";
  }
}
