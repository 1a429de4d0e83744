/**
 * Jackson plumbing behind {@link dev.computectl.spec.SpecJson}: custom (de)serializers for the wire
 * quirks Neon's format has (null-is-an-error defaults, externally tagged {@code mode}, the one
 * timestamp format). Nothing here is meant to be used directly by other modules.
 */
package dev.computectl.spec.json;
