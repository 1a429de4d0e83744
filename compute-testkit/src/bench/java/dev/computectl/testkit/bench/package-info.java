/**
 * The benchmark (sections P1 to P5, named in the module README): start-up latency, apply and
 * reconfigure cost, /status latency and memory, each measured side by side with its floor (what
 * Postgres and psql alone take) in one run, because this machine is shared and noisy.
 * {@link dev.computectl.testkit.bench.BenchMain} runs every section, prints one table and writes
 * {@code target/bench/results.json}. Test code: it is not part of compute-testkit's jar.
 */
package dev.computectl.testkit.bench;
