package dev.computectl.core.postgres;

import java.time.Duration;

/**
 * What a {@link PgdataSource#prepare} did: how long it took, how many bytes PGDATA holds, and a
 * short description for the log (for example "copied template pg15-… (cached)").
 */
public record PgdataResult(Duration elapsed, long bytes, String description) {}
