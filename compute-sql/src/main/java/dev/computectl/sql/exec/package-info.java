/** The executor: sends a plan's phases pipelined, one connection per database, concurrently. */
package dev.computectl.sql.exec;
