/**
 * The planner: a pure function from a spec and a catalog snapshot to an immutable plan of phases
 * and commands. No JDBC, no I/O.
 */
package dev.computectl.sql.plan;
