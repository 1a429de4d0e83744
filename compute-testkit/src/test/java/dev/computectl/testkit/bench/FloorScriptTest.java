package dev.computectl.testkit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.computectl.sql.plan.ObjectKind;
import dev.computectl.sql.plan.ObjectRef;
import dev.computectl.sql.plan.Phase;
import dev.computectl.sql.plan.PhaseName;
import dev.computectl.sql.plan.Plan;
import dev.computectl.sql.plan.SqlCommand;
import dev.computectl.sql.plan.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FloorScriptTest {

  @Test
  void sendsTheRealStatementsAndReconnectsOnlyWhereTheDatabaseChanges(@TempDir Path dir)
      throws Exception {
    ObjectRef role = new ObjectRef(ObjectKind.ROLE, "a");
    ObjectRef db = new ObjectRef(ObjectKind.DATABASE, "d\"1");
    Plan plan = new Plan(List.of(
        new Phase(PhaseName.CREATE_AND_ALTER_ROLES, List.of(SqlCommand.secret(Target.MAIN, role,
            "CREATE ROLE a LOGIN PASSWORD 'md5abc'", "CREATE ROLE a LOGIN PASSWORD '***'"))),
        new Phase(PhaseName.CREATE_AND_ALTER_DATABASES, List.of(
            SqlCommand.standalone(Target.MAIN, db, "CREATE DATABASE \"d\"\"1\"")))
        ,
        new Phase(PhaseName.CHANGE_SCHEMA_PERMS, List.of(
            SqlCommand.write(Target.database("d\"1"), db, "GRANT CREATE ON SCHEMA public TO a"),
            SqlCommand.write(Target.database("d\"1"), db, "GRANT USAGE ON SCHEMA public TO a"))),
        new Phase(PhaseName.CREATE_AVAILABILITY_CHECK, List.of(
            SqlCommand.write(Target.MAIN, db, "CREATE TABLE t()")))), List.of());

    Path script = FloorScript.write(plan, dir, "postgres");

    assertThat(Files.readAllLines(script)).containsExactly(
        "CREATE ROLE a LOGIN PASSWORD 'md5abc';",
        "CREATE DATABASE \"d\"\"1\";",
        "\\connect \"d\"\"1\"",
        "GRANT CREATE ON SCHEMA public TO a;",
        "GRANT USAGE ON SCHEMA public TO a;",
        "\\connect \"postgres\"",
        "CREATE TABLE t();");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(script)))
        .isEqualTo("rw-------");
  }
}
