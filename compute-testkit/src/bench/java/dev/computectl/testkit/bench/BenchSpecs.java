package dev.computectl.testkit.bench;

import dev.computectl.spec.ComputeSpec;
import dev.computectl.testkit.spec.Passwords;
import dev.computectl.testkit.spec.SpecBuilder;
import java.util.Locale;

/** The specs the sections apply; names are deterministic so runs are comparable. */
final class BenchSpecs {

  private BenchSpecs() {}

  /** {@code roles} roles with Neon's md5 hashes and {@code databases} databases owned by them. */
  static ComputeSpec md5(String prefix, int roles, int databases) {
    SpecBuilder spec = SpecBuilder.spec();
    for (int i = 0; i < roles; i++) {
      String name = roleName(prefix, i);
      spec.role(name, "pw-" + name);
    }
    return withDatabases(spec, prefix, roles, databases).build();
  }

  /**
   * {@code roles} roles with SCRAM-SHA-256 verifiers and {@code databases} databases. One verifier
   * is computed (4096 PBKDF2 rounds take a few ms) and reused: Postgres stores a verifier as given.
   */
  static ComputeSpec scram(String prefix, int roles, int databases) {
    SpecBuilder spec = SpecBuilder.spec();
    String verifier = Passwords.scramSha256("bench-password");
    for (int i = 0; i < roles; i++) {
      spec.roleWithEncryptedPassword(roleName(prefix, i), verifier);
    }
    return withDatabases(spec, prefix, roles, databases).build();
  }

  /** The small spec of the start-up sections: one role, one database. */
  static ComputeSpec small() {
    return SpecBuilder.spec().role("app", "app-pw").database("app", "app").build();
  }

  private static SpecBuilder withDatabases(SpecBuilder spec, String prefix, int roles,
      int databases) {
    for (int i = 0; i < databases; i++) {
      spec.database(String.format(Locale.ROOT, "%sdb%03d", prefix, i),
          roleName(prefix, roles == 0 ? 0 : (i * 7) % roles));
    }
    return spec;
  }

  static String roleName(String prefix, int i) {
    return String.format(Locale.ROOT, "%srole%04d", prefix, i);
  }
}
