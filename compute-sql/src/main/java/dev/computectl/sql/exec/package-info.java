/**
 * The executor: sends a plan's phases pipelined; database creations over a few sessions at once
 * ({@code ObjectLanes}); per-database work as one task and one connection per database,
 * concurrently ({@code DatabaseTask}).
 */
package dev.computectl.sql.exec;
