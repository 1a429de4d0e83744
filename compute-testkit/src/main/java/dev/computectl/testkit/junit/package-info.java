/**
 * JUnit 5 support: {@link dev.computectl.testkit.junit.WithCompute} on a field or parameter gets a
 * started {@link dev.computectl.testkit.TestCompute}, closed after the test even when it fails.
 */
package dev.computectl.testkit.junit;
