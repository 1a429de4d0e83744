/**
 * Test keys and tokens for compute_ctl's JWT check: a key pair, the JWK set a compute is given in
 * {@code compute_ctl_config.jwks}, and signed tokens with exactly the claims a test wants.
 */
package dev.computectl.testkit.jwt;
