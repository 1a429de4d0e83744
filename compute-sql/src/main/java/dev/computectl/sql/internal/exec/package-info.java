/**
 * Internal, no compatibility promise: may change in any release. The executor behind {@link
 * dev.computectl.sql.PipelinedSpecApplier}: sends a plan's phases pipelined ({@code CommandSender},
 * the one place a phase is sent and its errors become per-command outcomes), database creations
 * over a few sessions at once ({@code ObjectLanes}), per-database work as one task and one
 * connection per database ({@code DatabaseTask}), all on the applier's executor ({@code Workers}).
 */
package dev.computectl.sql.internal.exec;
