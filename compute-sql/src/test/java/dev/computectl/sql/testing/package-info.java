/** Test support of compute-sql's own ITs: a throwaway local Postgres cluster. */
package dev.computectl.sql.testing;
