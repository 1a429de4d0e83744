/**
 * The planner: a pure function from a spec and a catalog snapshot to an immutable plan of phases
 * and commands ({@link dev.computectl.sql.plan.SpecPlanner}, {@link dev.computectl.sql.plan.Plan}).
 * No JDBC, no I/O, no clock. Public: the planner, its options and the plan's types; the statement
 * builders are package-private.
 */
package dev.computectl.sql.plan;
