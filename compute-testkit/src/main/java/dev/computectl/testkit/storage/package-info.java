/**
 * Storage for test computes: {@link dev.computectl.testkit.storage.TestRepository}, a throwaway
 * pgBackRest repository per test class.
 */
package dev.computectl.testkit.storage;
