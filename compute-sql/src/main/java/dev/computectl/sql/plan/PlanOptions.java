package dev.computectl.sql.plan;

import java.util.Objects;

/**
 * Planner inputs that are not in the spec or the catalog.
 *
 * @param adminRole the role compute_ctl connects as; new owner of a deleted role's objects in the
 *     system database, and one of the owners of {@code public} that are handed to the database owner
 * @param privilegedRole the "weak superuser" every created role joins
 */
public record PlanOptions(String adminRole, String privilegedRole) {

  public PlanOptions {
    Objects.requireNonNull(adminRole, "adminRole");
    Objects.requireNonNull(privilegedRole, "privilegedRole");
  }
}
