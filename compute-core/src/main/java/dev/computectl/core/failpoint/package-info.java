/** Test failpoints that can be armed ({@link dev.computectl.core.failpoint.ArmedFailpoints}). */
package dev.computectl.core.failpoint;
