/**
 * Getting and applying new configuration after startup: the configurator thread ({@link
 * dev.computectl.core.internal.lifecycle.Configurator}) and the sources a refresh reads from ({@link
 * dev.computectl.core.config.ConfigFileSpecSource}, {@link
 * dev.computectl.core.config.ControlPlaneSpecSource}).
 */
package dev.computectl.core.config;

import dev.computectl.core.internal.lifecycle.Configurator;
