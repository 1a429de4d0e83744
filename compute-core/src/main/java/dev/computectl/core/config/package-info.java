/**
 * Getting and applying new configuration after startup: the configurator thread ({@link
 * dev.computectl.core.config.Configurator}) and the sources a refresh reads from ({@link
 * dev.computectl.core.config.ConfigFileSpecSource}, {@link
 * dev.computectl.core.config.ControlPlaneSpecSource}).
 */
package dev.computectl.core.config;
