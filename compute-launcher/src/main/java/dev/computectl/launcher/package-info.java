/**
 * The {@code compute_ctl} command: the command line (Apache Commons CLI: {@link
 * dev.computectl.launcher.ComputeCtlCommand}), the entry point ({@link
 * dev.computectl.launcher.ComputeCtlMain}), real signals through jnr-posix ({@link
 * dev.computectl.launcher.JnrProcessControl}), shutdown on SIGTERM/SIGINT, and the logback setup.
 * The only module that binds a logging backend and native code.
 */
package dev.computectl.launcher;
