package dev.computectl.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where the pageservers are, per shard. Shard keys are four lower-case hex digits: shard number
 * then shard count ({@code "0000"} unsharded, {@code "0102"} second of two). {@code shard_count} 0
 * means unsharded; {@code stripe_size} is null exactly then.
 */
public record PageserverConnectionInfo(
    @JsonProperty(value = "shard_count", required = true) int shardCount,
    @JsonProperty("stripe_size") Long stripeSize,
    @JsonProperty(value = "shards", required = true) Map<String, PageserverShardInfo> shards,
    @JsonProperty("prefer_protocol") @JsonDeserialize(using = NullIsError.class)
        PageserverProtocol preferProtocol) {

  @JsonCreator
  public PageserverConnectionInfo {
    if (shardCount < 0 || shardCount > 255) {
      throw new IllegalArgumentException("shard_count must be 0..255, got " + shardCount);
    }
    if (stripeSize != null && (stripeSize < 0 || stripeSize > 0xFFFFFFFFL)) {
      throw new IllegalArgumentException("stripe_size must be an unsigned 32-bit integer");
    }
    for (String key : shards.keySet()) {
      if (!isShardIndex(key)) {
        throw new IllegalArgumentException(
            "invalid shard index '" + key + "': expected 4 lower-case hex digits");
      }
    }
    shards = Collections.unmodifiableMap(new LinkedHashMap<>(shards));
    preferProtocol = preferProtocol == null ? PageserverProtocol.LIBPQ : preferProtocol;
  }

  /**
   * Builds the info from a legacy comma-separated connection string list, as Neon does: one entry
   * is unsharded (count 0, key {@code 0000}); n entries need a stripe size.
   *
   * @throws IllegalArgumentException when several entries come without a stripe size
   */
  public static PageserverConnectionInfo fromConnstrings(String connstrings, Long stripeSize) {
    String[] parts = connstrings.split(",", -1);
    int n = parts.length;
    if (n > 255) {
      throw new IllegalArgumentException(n + " shards is more than 255");
    }
    Map<String, PageserverShardInfo> shards = new LinkedHashMap<>();
    if (n == 1) {
      shards.put("0000", shard(parts[0]));
      return new PageserverConnectionInfo(0, null, shards, PageserverProtocol.LIBPQ);
    }
    if (stripeSize == null) {
      throw new IllegalArgumentException(n + " shards but no stripe_size");
    }
    for (int i = 0; i < n; i++) {
      shards.put(String.format(Locale.ROOT, "%02x%02x", i, n), shard(parts[i]));
    }
    return new PageserverConnectionInfo(n, stripeSize, shards, PageserverProtocol.LIBPQ);
  }

  /**
   * Neon's resolution order: {@code pageserver_connection_info}; else {@code
   * pageserver_connstring} with {@code shard_stripe_size}; else the settings {@code
   * neon.pageserver_connstring} and {@code neon.stripe_size}; else empty.
   *
   * @throws IllegalArgumentException when a connection string list cannot be turned into shards
   */
  public static Optional<PageserverConnectionInfo> resolve(ComputeSpec spec) {
    if (spec.pageserverConnectionInfo() != null) {
      return Optional.of(spec.pageserverConnectionInfo());
    }
    if (spec.pageserverConnstring() != null) {
      return Optional.of(fromConnstrings(spec.pageserverConnstring(), spec.shardStripeSize()));
    }
    Optional<String> setting = spec.cluster().setting("neon.pageserver_connstring");
    if (setting.isPresent()) {
      Long stripe = null;
      Optional<String> stripeText = spec.cluster().setting("neon.stripe_size");
      if (stripeText.isPresent()) {
        try {
          stripe = Long.parseUnsignedLong(stripeText.get().strip());
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              "invalid neon.stripe_size '" + stripeText.get() + "'", e);
        }
      }
      return Optional.of(fromConnstrings(setting.get(), stripe));
    }
    return Optional.empty();
  }

  private static PageserverShardInfo shard(String libpqUrl) {
    return new PageserverShardInfo(List.of(new PageserverInfo(null, libpqUrl.strip(), null)));
  }

  private static boolean isShardIndex(String key) {
    if (key.length() != 4) {
      return false;
    }
    for (int i = 0; i < 4; i++) {
      char c = key.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }
}
