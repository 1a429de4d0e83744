/**
 * Where a refresh reads a fresh config: a {@code --config} file ({@link
 * dev.computectl.core.config.ConfigFileSpecSource}), a bare {@code --spec-path} file ({@link
 * dev.computectl.core.config.SpecFileSpecSource}) or the control plane ({@link
 * dev.computectl.core.config.ControlPlaneSpecSource}), each a {@link
 * dev.computectl.core.port.SpecSource}.
 */
package dev.computectl.core.config;
