package dev.computectl.core.internal.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.computectl.core.ComputeException;
import dev.computectl.spec.Database;
import dev.computectl.spec.Role;
import dev.computectl.spec.SpecValidator;
import dev.computectl.spec.api.CatalogObjects;
import dev.computectl.spec.api.ExtensionInstallRequest;
import dev.computectl.spec.api.ExtensionInstallResponse;
import dev.computectl.spec.api.Privilege;
import dev.computectl.spec.api.SetRoleGrantsRequest;
import dev.computectl.sql.ConnectionFactory;
import dev.computectl.sql.SqlQuoting;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one-shot SQL operations of the API: {@code /grants}, {@code /extensions}, {@code
 * /check_writability}, the catalog routes and insights.
 */
public final class SqlOperations {

  /** SQLSTATE 3D000: the database does not exist. */
  private static final String INVALID_CATALOG_NAME = "3D000";

  private final ConnectionFactory connections;

  public SqlOperations(ConnectionFactory connections) {
    this.connections = connections;
  }

  public CatalogObjects catalogObjects() throws ComputeException {
    try (Connection c = connections.open(null); Statement st = c.createStatement()) {
      List<Role> roles = new ArrayList<>();
      try (ResultSet rs = st.executeQuery(
          "SELECT rolname, rolpassword FROM pg_authid ORDER BY rolname")) {
        while (rs.next()) {
          roles.add(new Role(rs.getString(1), rs.getString(2)));
        }
      }
      List<Database> dbs = new ArrayList<>();
      try (ResultSet rs = st.executeQuery(
          "SELECT d.datname, pg_get_userbyid(d.datdba), NOT d.datallowconn, d.datconnlimit = -2"
              + " FROM pg_database d ORDER BY d.datname")) {
        while (rs.next()) {
          dbs.add(new Database(rs.getString(1), rs.getString(2), null, rs.getBoolean(3),
              rs.getBoolean(4)));
        }
      }
      return new CatalogObjects(roles, dbs);
    } catch (SQLException e) {
      throw failed("cannot read the catalog", e);
    }
  }

  /** @throws ComputeException.InvalidRequest for a name Postgres cannot hold (NUL, too long) */
  public boolean databaseExists(String database) throws ComputeException {
    requireName("database", database);
    try (Connection c = connections.open(null);
        PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      ps.setString(1, database);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    } catch (SQLException e) {
      throw failed("cannot read the catalog", e);
    }
  }

  /** Upserts row 1 of public.health_check; a full disk still counts as writable, as in Neon. */
  public void checkWritability() throws ComputeException {
    try (Connection c = connections.open(null); Statement st = c.createStatement()) {
      st.executeUpdate(
          "INSERT INTO public.health_check (id, updated_at) VALUES (1, now())"
              + " ON CONFLICT (id) DO UPDATE SET updated_at = now()");
    } catch (SQLException e) {
      if ("53100".equals(e.getSQLState())) {
        return;
      }
      throw failed("writability check failed", e);
    }
  }

  /**
   * Same version: nothing; another version: update; absent: create in public. A database,
   * extension or version that does not exist is 404 naming it, before any change.
   */
  public ExtensionInstallResponse installExtension(ExtensionInstallRequest request)
      throws ComputeException {
    String ext = request.extension();
    String version = request.version();
    requireName("database", request.database());
    requireName("extension", ext);
    requireName("version", version);
    try (Connection c = open(request.database())) {
      if (!exists(c, "SELECT 1 FROM pg_catalog.pg_available_extensions WHERE name = ?", ext)) {
        throw new ComputeException.NotFound("extension " + shown(ext)
            + " is not available in database " + shown(request.database()));
      }
      if (!exists(c, "SELECT 1 FROM pg_catalog.pg_available_extension_versions"
          + " WHERE name = ? AND version = ?", ext, version)) {
        throw new ComputeException.NotFound("version " + shown(version) + " of extension "
            + shown(ext) + " is not available");
      }
      String installed = null;
      try (PreparedStatement ps =
          c.prepareStatement("SELECT extversion FROM pg_extension WHERE extname = ?")) {
        ps.setString(1, ext);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            installed = rs.getString(1);
          }
        }
      }
      try (Statement st = c.createStatement()) {
        if (installed == null) {
          st.execute("CREATE EXTENSION IF NOT EXISTS " + SqlQuoting.ident(ext)
              + " WITH SCHEMA public VERSION " + SqlQuoting.ident(version));
        } else if (!installed.equals(version)) {
          st.execute("ALTER EXTENSION " + SqlQuoting.ident(ext) + " UPDATE TO "
              + SqlQuoting.ident(version));
        }
      }
      return new ExtensionInstallResponse(ext, version);
    } catch (SQLException e) {
      throw failed("cannot install extension " + shown(ext) + " " + shown(version)
          + " in database " + shown(request.database()), e);
    }
  }

  /**
   * Grants the privileges the role does not hold yet, in one GRANT. System schemas ({@code
   * pg_*}, {@code information_schema}) are refused (400); a database, schema or role that does not
   * exist is 404 naming it, before any change.
   */
  public SetRoleGrantsRequest setRoleGrants(SetRoleGrantsRequest request)
      throws ComputeException {
    requireName("database", request.database());
    requireName("schema", request.schema());
    requireName("role", request.role());
    if (request.schema().startsWith("pg_") || request.schema().equals("information_schema")) {
      throw new ComputeException.InvalidRequest("schema " + shown(request.schema())
          + " is a system schema; grants on it are refused");
    }
    try (Connection c = open(request.database())) {
      if (!exists(c, "SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = ?",
          request.schema())) {
        throw new ComputeException.NotFound("schema " + shown(request.schema())
            + " does not exist in database " + shown(request.database()));
      }
      if (!exists(c, "SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = ?", request.role())) {
        throw new ComputeException.NotFound("role " + shown(request.role()) + " does not exist");
      }
      Set<Privilege> held = EnumSet.noneOf(Privilege.class);
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT a.privilege_type FROM pg_namespace n, aclexplode(n.nspacl) a"
              + " WHERE n.nspname = ? AND a.grantee = (SELECT oid FROM pg_roles WHERE rolname = ?)")) {
        ps.setString(1, request.schema());
        ps.setString(2, request.role());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            try {
              held.add(Privilege.valueOf(rs.getString(1).toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException ignored) {
              // A privilege the API does not know cannot be one it was asked for.
            }
          }
        }
      }
      List<Privilege> missing =
          request.privileges().stream().filter(p -> !held.contains(p)).distinct().toList();
      if (!missing.isEmpty()) {
        try (Statement st = c.createStatement()) {
          st.execute("GRANT " + missing.stream().map(Enum::name).collect(Collectors.joining(", "))
              + " ON SCHEMA " + SqlQuoting.ident(request.schema())
              + " TO " + SqlQuoting.ident(request.role()));
        }
      }
      return request;
    } catch (SQLException e) {
      throw failed("cannot grant on schema " + shown(request.schema()) + " to "
          + shown(request.role()), e);
    }
  }

  /** A session in {@code database}; 404 when the database does not exist. */
  private Connection open(String database) throws ComputeException, SQLException {
    try {
      return connections.open(database);
    } catch (SQLException e) {
      if (INVALID_CATALOG_NAME.equals(e.getSQLState())) {
        throw new ComputeException.NotFound("database " + shown(database) + " does not exist");
      }
      throw e;
    }
  }

  private static boolean exists(Connection c, String sql, String... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setString(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** 400 for a name no Postgres object can have: empty, NUL, unpaired surrogate, over 63 bytes. */
  static void requireName(String what, String name) throws ComputeException.InvalidRequest {
    if (name.isEmpty()) {
      throw new ComputeException.InvalidRequest(what + " name must not be empty");
    }
    Optional<String> bad = SpecValidator.unrepresentable(name);
    if (bad.isPresent()) {
      throw new ComputeException.InvalidRequest(what + " " + shown(name) + " " + bad.get());
    }
    if (name.getBytes(StandardCharsets.UTF_8).length > SpecValidator.MAX_IDENTIFIER_BYTES) {
      throw new ComputeException.InvalidRequest(what + " " + shown(name) + " is longer than "
          + SpecValidator.MAX_IDENTIFIER_BYTES + " bytes");
    }
  }

  private static String shown(String value) {
    return SpecValidator.shown(value);
  }

  /** pg_stat_statements rows as Neon's {@code /insights} chooses them ({@link Insights}). */
  public JsonNode insights() throws ComputeException {
    try (Connection c = connections.open(null)) {
      return Insights.read(c);
    } catch (SQLException e) {
      throw failed("cannot read pg_stat_statements", e);
    }
  }

  /** Neon's Postgres-side autoscaling families that vanilla Postgres has ({@link AutoscalingMetrics}). */
  public MetricSnapshots autoscalingMetrics() throws ComputeException {
    try (Connection c = connections.open(null)) {
      return AutoscalingMetrics.read(c);
    } catch (SQLException e) {
      throw failed("cannot read the autoscaling metrics", e);
    }
  }

  private static ComputeException.OperationFailed failed(String what, SQLException e) {
    return new ComputeException.OperationFailed(what + ": " + e.getMessage(), e);
  }
}
