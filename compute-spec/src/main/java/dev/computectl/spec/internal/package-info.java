/**
 * compute-spec's own helpers (argument checks of the records' constructors). Public only because
 * more than one package of compute-spec uses them; not part of compute-spec's API: no
 * compatibility promise, and other modules must not use them (ArchitectureTest in
 * compute-testkit checks that).
 */
package dev.computectl.spec.internal;
