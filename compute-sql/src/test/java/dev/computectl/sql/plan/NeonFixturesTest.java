package dev.computectl.sql.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.computectl.spec.ComputeSpec;
import dev.computectl.sql.SqlQuoting;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class NeonFixturesTest {

  private final SpecPlanner planner = new SpecPlanner(new PlanOptions("cloud_admin", "neon_superuser"));

  @ParameterizedTest
  @ValueSource(strings = {"compute_api-cluster_spec.json", "compute_tools-cluster_spec.json"})
  void fixtureSpecsPlanWithoutError(String name) throws Exception {
    ComputeSpec spec = Specs.resource(name);
    Plan plan = planner.plan(spec, Catalogs.fresh().build());
    assertThat(plan.commands()).isNotEmpty();
    for (var role : spec.cluster().roles()) {
      assertThat(plan.render()).contains("CREATE ROLE " + SqlQuoting.ident(role.name()));
    }
    assertThat(plan.render()).doesNotContain("md5");
  }

  @Test
  void firstDatabaseOfTheFixtureRendersItsOptions() throws Exception {
    ComputeSpec spec = Specs.resource("compute_api-cluster_spec.json");
    Plan plan = planner.plan(spec, Catalogs.fresh().build());
    assertThat(plan.phase(PhaseName.CREATE_AND_ALTER_DATABASES).commands().get(0).sql())
        .isEqualTo("CREATE DATABASE \"DB2\" LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0 OWNER \"alexk\"");
  }
}
