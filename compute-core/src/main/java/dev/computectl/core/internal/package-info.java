/**
 * compute-core's internals, used by {@code dev.computectl.core.ComputeNode} and its assembly. No
 * compatibility promise: anything under {@code dev.computectl.core.internal} may change or go in
 * any release, and no other module may depend on it (an architecture test checks that).
 */
package dev.computectl.core.internal;
