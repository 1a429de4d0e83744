package dev.computectl.sql.internal.facts;

import dev.computectl.sql.ConnectionFactory;
import dev.computectl.sql.catalog.CatalogReader;
import dev.computectl.sql.catalog.DatabaseFacts;
import dev.computectl.sql.internal.exec.Workers;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the facts of the databases {@link FactsToRead} selected: one session each, at most {@code
 * concurrency} at once. A database whose facts cannot be read is {@link DatabaseFacts.Unknown},
 * so it is planned blind: a failed read costs statements, never the apply.
 */
public final class FactsReader {

  private static final Logger log = LoggerFactory.getLogger(FactsReader.class);

  private FactsReader() {}

  /** @return one entry per name: {@link DatabaseFacts.Known} or {@link DatabaseFacts.Unknown} */
  public static Map<String, DatabaseFacts> read(
      List<String> names, ConnectionFactory factory, CatalogReader reader, int serverVersionNum,
      Executor executor, int concurrency) {
    List<Callable<DatabaseFacts>> tasks = new ArrayList<>();
    for (String name : names) {
      tasks.add(() -> {
        try (Connection conn = factory.open(name)) {
          return reader.databaseFacts(conn, serverVersionNum);
        } catch (SQLException | RuntimeException e) {
          log.warn("could not read facts of database \"{}\"; planning it blind: {}", name, e.toString());
          return DatabaseFacts.unknown();
        }
      });
    }
    List<DatabaseFacts> read = Workers.run(executor, tasks, concurrency, "reading database facts");
    Map<String, DatabaseFacts> facts = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      facts.put(names.get(i), read.get(i));
    }
    return facts;
  }
}
