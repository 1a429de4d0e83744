package dev.computectl.sql.plan;

import static dev.computectl.sql.plan.Specs.spec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.computectl.spec.ComputeSpec;
import org.junit.jupiter.api.Test;

/**
 * Cleartext spec passwords are compared with what Postgres stored for them. The verifiers below
 * were made by Postgres 17 ({@code CREATE ROLE v1 PASSWORD 'md5not-a-hash'} with
 * password_encryption scram-sha-256, then md5): the cleartext Postgres received for the spec
 * value {@code not-a-hash} is {@code md5not-a-hash}.
 */
class PasswordsTest {

  static final String SCRAM_OF_MD5_NOT_A_HASH = "SCRAM-SHA-256$4096:qa/rF5b0Ufv9AZZbe9dZFA=="
      + "$EcoJQI2Yb/pqH9vpem54ovfFixk7pMRvPy5/4uxpE2Q=:IKB1qvOioCfDuZsF+Ca6Pkto/6nwPcHZYzh6fkGcmlU=";
  /** {@code CREATE ROLE v2 PASSWORD 'pässwörd ﬁ'}: SASLprep maps the ligature to "fi". */
  static final String SCRAM_OF_NON_ASCII = "SCRAM-SHA-256$4096:PrDZYTvqbdQ4dI7tTRgbQw=="
      + "$1xBMdIw1vtukgsVWdi136kiBPDKqEBhgInMYXOvK0xo=:ClFa3hV2a5oJ1ZE/ElAi/biACQzA98vcBU2T4RdVzbY=";
  /** {@code md5(md5not-a-hash || v3)}. */
  static final String MD5_OF_MD5_NOT_A_HASH_FOR_V3 = "md5ae7392c7f578d9a7c6058d033264cc9a";

  @Test
  void scramVerifiersMadeByPostgresAreRecognised() {
    assertThat(Passwords.verifies(SCRAM_OF_MD5_NOT_A_HASH, "md5not-a-hash", "v1")).isTrue();
    assertThat(Passwords.verifies(SCRAM_OF_MD5_NOT_A_HASH, "md5not-a-hasH", "v1")).isFalse();
    assertThat(Passwords.verifies(SCRAM_OF_NON_ASCII, "pässwörd ﬁ", "v2")).isTrue();
    assertThat(Passwords.verifies(SCRAM_OF_NON_ASCII, "pässwörd fl", "v2")).isFalse();
    assertThat(Passwords.verifies("SCRAM-SHA-256$broken", "x", "v")).isFalse();
  }

  @Test
  void md5VerifiersAreSaltedWithTheRoleName() {
    assertThat(Passwords.verifies(MD5_OF_MD5_NOT_A_HASH_FOR_V3, "md5not-a-hash", "v3")).isTrue();
    assertThat(Passwords.verifies(MD5_OF_MD5_NOT_A_HASH_FOR_V3, "md5not-a-hash", "v4")).isFalse();
  }

  @Test
  void aCleartextSpecPasswordMatchesTheVerifierPostgresMadeOfIt() {
    assertThat(Passwords.matches(SCRAM_OF_MD5_NOT_A_HASH, "not-a-hash", "v1")).isTrue();
    assertThat(Passwords.matches(SCRAM_OF_MD5_NOT_A_HASH, "changed", "v1")).isFalse();
    assertThat(Passwords.matches(MD5_OF_MD5_NOT_A_HASH_FOR_V3, "not-a-hash", "v3")).isTrue();
    assertThat(Passwords.matches(null, "not-a-hash", "v1")).isFalse();
  }

  @Test
  void anUnchangedCleartextPasswordPlansNothing() {
    ComputeSpec spec = spec("[{\"name\":\"v1\",\"encrypted_password\":\"not-a-hash\"}]", "[]", "");
    SpecPlanner planner = new SpecPlanner(new PlanOptions("cloud_admin", "neon_superuser"));
    Plan same = planner.plan(spec, Catalogs.fresh().role("v1", SCRAM_OF_MD5_NOT_A_HASH).build());
    assertThat(same.phase(PhaseName.CREATE_AND_ALTER_ROLES).commands()).isEmpty();
    Plan other = planner.plan(spec, Catalogs.fresh().role("v1", MD5_OF_MD5_NOT_A_HASH_FOR_V3).build());
    assertThat(other.phase(PhaseName.CREATE_AND_ALTER_ROLES).commands()).hasSize(1);
  }
}
