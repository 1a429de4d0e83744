/**
 * Internal, no compatibility promise: may change in any release. JDBC plumbing of {@link
 * dev.computectl.sql.JdbcConnectionFactory}; {@code UnixSocketFactory} is public only because
 * pgjdbc instantiates it by class name.
 */
package dev.computectl.sql.internal.jdbc;
