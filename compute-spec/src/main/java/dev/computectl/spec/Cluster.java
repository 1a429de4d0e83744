package dev.computectl.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.computectl.spec.internal.Checks;
import java.util.List;
import java.util.Optional;

/** The wanted roles, databases and Postgres settings of a compute. */
public record Cluster(
    @JsonProperty("cluster_id") String clusterId,
    @JsonProperty("name") String name,
    @JsonProperty("state") String state,
    @JsonProperty(value = "roles", required = true) List<Role> roles,
    @JsonProperty(value = "databases", required = true) List<Database> databases,
    @JsonProperty("postgresql_conf") String postgresqlConf,
    @JsonProperty("settings") List<GenericOption> settings) {

  @JsonCreator
  public Cluster {
    roles = Checks.listOrNull(Checks.required(roles, "roles"), "roles");
    databases = Checks.listOrNull(Checks.required(databases, "databases"), "databases");
    settings = Checks.listOrNull(settings, "settings");
  }

  public Cluster(List<Role> roles, List<Database> databases, List<GenericOption> settings) {
    this(null, null, null, roles, databases, null, settings);
  }

  /** The value of a setting by Neon's lookup rule (first match; a null value counts as absent). */
  public Optional<String> setting(String name) {
    return GenericOption.find(settings, name);
  }
}
