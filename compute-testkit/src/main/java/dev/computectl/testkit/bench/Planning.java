package dev.computectl.testkit.bench;

import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.Database;
import dev.computectl.sql.ConnectionFactory;
import dev.computectl.sql.catalog.CatalogReader;
import dev.computectl.sql.catalog.CatalogSnapshot;
import dev.computectl.sql.catalog.DatabaseFacts;
import dev.computectl.sql.plan.Plan;
import dev.computectl.sql.plan.PlanOptions;
import dev.computectl.sql.plan.SpecPlanner;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Plans a spec against a live catalog the way our applier does (snapshot, then the facts of each
 * spec database that exists), but sequentially: the floor and the naive executor send the same
 * statements as ours, so only the way they are sent differs.
 */
final class Planning {

  static final String PRIVILEGED_ROLE = "neon_superuser";

  private Planning() {}

  static Plan plan(ComputeSpec spec, ConnectionFactory sessions, String adminRole)
      throws SQLException {
    CatalogReader reader = new CatalogReader(PRIVILEGED_ROLE);
    CatalogSnapshot snapshot;
    try (Connection main = sessions.open(null)) {
      snapshot = reader.read(main, Optional.empty());
    }
    Map<String, DatabaseFacts> facts = new LinkedHashMap<>();
    for (Database db : spec.cluster().databases()) {
      var known = snapshot.databases().get(db.name());
      if (known != null && known.accessible() && !facts.containsKey(db.name())) {
        try (Connection conn = sessions.open(db.name())) {
          facts.put(db.name(), reader.databaseFacts(conn, snapshot.serverVersionNum()));
        }
      }
    }
    snapshot = snapshot.withDatabaseFacts(facts);
    return new SpecPlanner(new PlanOptions(adminRole, PRIVILEGED_ROLE)).plan(spec, snapshot);
  }
}
