package dev.computectl.testkit.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.SpecJson;
import dev.computectl.spec.SpecParseException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Builds a compute spec as the JSON a Neon control plane sends, then parses it into a {@link
 * ComputeSpec}. Working on the JSON tree (not the record) keeps the output exactly Neon's wire form
 * and lets a test add any field, or remove a required one, for negative cases.
 *
 * <p>Defaults give a spec that passes validation for a Primary: format 1.0, random tenant and
 * timeline ids, a placeholder pageserver connstring and safekeeper list, {@code
 * suspend_timeout_seconds} -1, empty roles, databases and settings.
 *
 * <pre>{@code
 * ComputeSpec spec = SpecBuilder.spec()
 *     .role("app", "secret")            // md5("secret" + "app")
 *     .database("shop", "app")
 *     .setting("work_mem", "8MB", "string")
 *     .build();
 * }</pre>
 *
 * Not thread-safe; one builder per spec. Role and database order is kept.
 */
public final class SpecBuilder {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final ObjectNode root = NODES.objectNode();
  private final ObjectNode cluster = NODES.objectNode();

  private SpecBuilder() {
    root.put("format_version", 1.0);
    root.put("operation_uuid", UUID.randomUUID().toString());
    root.put("suspend_timeout_seconds", -1);
    root.put("tenant_id", randomId());
    root.put("timeline_id", randomId());
    root.put("mode", "Primary");
    root.put("pageserver_connstring", "postgresql://no_user@localhost:6400");
    root.putArray("safekeeper_connstrings").add("localhost:5454");
    cluster.put("cluster_id", "test-cluster");
    cluster.put("name", "test");
    cluster.putArray("roles");
    cluster.putArray("databases");
    cluster.putArray("settings");
    root.set("cluster", cluster);
  }

  public static SpecBuilder spec() {
    return new SpecBuilder();
  }

  /** Starts from an existing spec (e.g. the current one, to build the next reconfigure). */
  public static SpecBuilder from(ComputeSpec spec) {
    return from(SpecJson.mapper().valueToTree(spec));
  }

  /** Starts from a JSON spec document; the builder's defaults are dropped. */
  public static SpecBuilder from(JsonNode specJson) {
    SpecBuilder builder = new SpecBuilder();
    builder.root.removeAll();
    builder.cluster.removeAll();
    Iterator<String> names = specJson.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!name.equals("cluster")) {
        builder.root.set(name, specJson.get(name).deepCopy());
      }
    }
    if (specJson.get("cluster") instanceof ObjectNode source) {
      builder.cluster.setAll(source.deepCopy());
    }
    builder.root.set("cluster", builder.cluster);
    return builder;
  }

  // ---- roles -------------------------------------------------------------------------------

  /** A role without a password. */
  public SpecBuilder role(String name) {
    return roleWithEncryptedPassword(name, null);
  }

  /** A role whose password is {@code md5(plainPassword + name)}, as Neon sends it. */
  public SpecBuilder role(String name, String plainPassword) {
    return roleWithEncryptedPassword(name, Passwords.md5(plainPassword, name));
  }

  /** A role with a SCRAM-SHA-256 verifier computed from the plain password. */
  public SpecBuilder scramRole(String name, String plainPassword) {
    return roleWithEncryptedPassword(name, Passwords.scramSha256(plainPassword));
  }

  /** A role with a ready-made md5 hash or SCRAM verifier (or null for none). */
  public SpecBuilder roleWithEncryptedPassword(String name, String encryptedPassword) {
    ObjectNode role = findByName(roles(), name);
    if (role == null) {
      role = roles().addObject();
      role.put("name", name);
    }
    role.put("encrypted_password", encryptedPassword);
    if (!role.has("options")) {
      role.putNull("options");
    }
    return this;
  }

  /** Adds an option to an existing role. */
  public SpecBuilder roleOption(String role, String name, String value, String vartype) {
    ObjectNode entry = requireByName(roles(), role, "role");
    optionsOf(entry).add(option(name, value, vartype));
    return this;
  }

  public SpecBuilder withoutRole(String name) {
    removeByName(roles(), name);
    return this;
  }

  // ---- databases ---------------------------------------------------------------------------

  public SpecBuilder database(String name, String owner) {
    ObjectNode database = findByName(databases(), name);
    if (database == null) {
      database = databases().addObject();
      database.put("name", name);
    }
    database.put("owner", owner);
    return this;
  }

  /** Adds an option (e.g. {@code LC_COLLATE}, {@code TEMPLATE}) to an existing database. */
  public SpecBuilder databaseOption(String database, String name, String value, String vartype) {
    ObjectNode entry = requireByName(databases(), database, "database");
    optionsOf(entry).add(option(name, value, vartype));
    return this;
  }

  public SpecBuilder withoutDatabase(String name) {
    removeByName(databases(), name);
    return this;
  }

  // ---- settings ----------------------------------------------------------------------------

  /** A postgresql.conf setting; {@code vartype} "string" makes compute_ctl quote the value. */
  public SpecBuilder setting(String name, String value, String vartype) {
    ArrayNode settings = settings();
    removeByName(settings, name);
    settings.add(option(name, value, vartype));
    return this;
  }

  /** {@code cluster.settings} = null, as some control planes send. */
  public SpecBuilder nullSettings() {
    cluster.putNull("settings");
    return this;
  }

  // ---- delta operations --------------------------------------------------------------------

  public SpecBuilder renameRole(String name, String newName) {
    return delta("rename_role", name, newName);
  }

  public SpecBuilder deleteRole(String name) {
    return delta("delete_role", name, null);
  }

  public SpecBuilder renameDatabase(String name, String newName) {
    return delta("rename_db", name, newName);
  }

  public SpecBuilder deleteDatabase(String name) {
    return delta("delete_db", name, null);
  }

  /** Any action, including ones compute_ctl ignores. */
  public SpecBuilder delta(String action, String name, String newName) {
    JsonNode existing = root.get("delta_operations");
    ArrayNode deltas =
        existing instanceof ArrayNode array ? array : root.putArray("delta_operations");
    ObjectNode op = deltas.addObject();
    op.put("action", action);
    op.put("name", name);
    if (newName != null) {
      op.put("new_name", newName);
    }
    return this;
  }

  public SpecBuilder clearDeltas() {
    root.remove("delta_operations");
    return this;
  }

  // ---- mode and top-level fields -----------------------------------------------------------

  public SpecBuilder primary() {
    root.put("mode", "Primary");
    return this;
  }

  public SpecBuilder replica() {
    root.put("mode", "Replica");
    return this;
  }

  /** {@code {"Static": "X/Y"}}. */
  public SpecBuilder staticAt(String lsn) {
    root.putObject("mode").put("Static", lsn);
    return this;
  }

  public SpecBuilder skipPgCatalogUpdates(boolean skip) {
    root.put("skip_pg_catalog_updates", skip);
    return this;
  }

  public SpecBuilder reconfigureConcurrency(int concurrency) {
    root.put("reconfigure_concurrency", concurrency);
    return this;
  }

  public SpecBuilder pageserverConnstring(String connstring) {
    root.put("pageserver_connstring", connstring);
    return this;
  }

  public SpecBuilder safekeepers(String... connstrings) {
    ArrayNode array = root.putArray("safekeeper_connstrings");
    for (String connstring : connstrings) {
      array.add(connstring);
    }
    return this;
  }

  public SpecBuilder tenantId(String tenantId) {
    root.put("tenant_id", tenantId);
    return this;
  }

  public SpecBuilder timelineId(String timelineId) {
    root.put("timeline_id", timelineId);
    return this;
  }

  public SpecBuilder suspendTimeoutSeconds(long seconds) {
    root.put("suspend_timeout_seconds", seconds);
    return this;
  }

  public SpecBuilder operationUuid(String uuid) {
    root.put("operation_uuid", uuid);
    return this;
  }

  public SpecBuilder feature(String feature) {
    JsonNode existing = root.get("features");
    ArrayNode features = existing instanceof ArrayNode array ? array : root.putArray("features");
    features.add(feature);
    return this;
  }

  /** Sets any top-level field, known or not (a JSON value; null writes JSON null). */
  public SpecBuilder field(String name, JsonNode value) {
    root.set(name, value == null ? NODES.nullNode() : value.deepCopy());
    return this;
  }

  public SpecBuilder field(String name, String value) {
    root.put(name, value);
    return this;
  }

  public SpecBuilder field(String name, long value) {
    root.put(name, value);
    return this;
  }

  public SpecBuilder field(String name, boolean value) {
    root.put(name, value);
    return this;
  }

  /** Removes a top-level field, e.g. to send a spec without {@code tenant_id}. */
  public SpecBuilder without(String name) {
    root.remove(name);
    return this;
  }

  /** Sets any field of {@code cluster}. */
  public SpecBuilder clusterField(String name, JsonNode value) {
    cluster.set(name, value == null ? NODES.nullNode() : value.deepCopy());
    return this;
  }

  // ---- output ------------------------------------------------------------------------------

  /** A copy of the spec document. */
  public ObjectNode toJsonNode() {
    return root.deepCopy();
  }

  /** The spec document as compact JSON text. */
  public String toJson() {
    return root.toString();
  }

  /**
   * Parses the document with {@link SpecJson}, as compute_ctl would.
   *
   * @throws IllegalStateException when the document does not parse (then use {@link #toJson()})
   */
  public ComputeSpec build() {
    try {
      return SpecJson.readSpec(toJson());
    } catch (SpecParseException e) {
      throw new IllegalStateException("the built spec does not parse: " + e.getMessage(), e);
    }
  }

  // ---- helpers -----------------------------------------------------------------------------

  private ArrayNode roles() {
    return arrayField(cluster, "roles");
  }

  private ArrayNode databases() {
    return arrayField(cluster, "databases");
  }

  private ArrayNode settings() {
    return arrayField(cluster, "settings");
  }

  private static ArrayNode arrayField(ObjectNode parent, String name) {
    return parent.get(name) instanceof ArrayNode array ? array : parent.putArray(name);
  }

  private static ArrayNode optionsOf(ObjectNode entry) {
    return arrayField(entry, "options");
  }

  private static ObjectNode option(String name, String value, String vartype) {
    ObjectNode option = NODES.objectNode();
    option.put("name", name);
    option.put("value", value);
    option.put("vartype", vartype);
    return option;
  }

  private static ObjectNode findByName(ArrayNode array, String name) {
    for (JsonNode node : array) {
      if (node instanceof ObjectNode object && name.equals(object.path("name").asText(null))) {
        return object;
      }
    }
    return null;
  }

  private static ObjectNode requireByName(ArrayNode array, String name, String what) {
    ObjectNode found = findByName(array, name);
    if (found == null) {
      throw new IllegalArgumentException("no " + what + " named '" + name + "' in the spec yet");
    }
    return found;
  }

  private static void removeByName(ArrayNode array, String name) {
    for (int i = array.size() - 1; i >= 0; i--) {
      if (name.equals(array.get(i).path("name").asText(null))) {
        array.remove(i);
      }
    }
  }

  private static String randomId() {
    byte[] bytes = new byte[16];
    ThreadLocalRandom.current().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
