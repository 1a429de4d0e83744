package dev.computectl.core.failpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.computectl.core.Failpoints;
import dev.computectl.core.Failpoints.Action;
import org.junit.jupiter.api.Test;

class ArmedFailpointsTest {

  @Test
  void armedPointFailsUntilDisarmed() {
    ArmedFailpoints fp = new ArmedFailpoints();
    fp.arm(Failpoints.BEFORE_APPLY, new Action.Fail("injected"));
    assertThatThrownBy(() -> fp.hit(Failpoints.BEFORE_APPLY))
        .hasMessage("failpoint before-apply: injected");
    fp.disarm(Failpoints.BEFORE_APPLY);
    assertThatCode(() -> fp.hit(Failpoints.BEFORE_APPLY)).doesNotThrowAnyException();
  }

  @Test
  void failOnMatchesOnlyItsArgument() {
    ArmedFailpoints fp = new ArmedFailpoints();
    fp.arm(Failpoints.MIGRATION, new Action.FailOn("3", "bad migration"));
    assertThatCode(() -> fp.hit(Failpoints.MIGRATION, "2")).doesNotThrowAnyException();
    assertThatThrownBy(() -> fp.hit(Failpoints.MIGRATION, "3")).hasMessageContaining("bad");
    assertThat(fp.armed()).containsKey(Failpoints.MIGRATION);
  }

  @Test
  void disabledPointsRefuseToBeArmed() {
    assertThatThrownBy(() -> Failpoints.DISABLED.arm("x", new Action.Fail("y")))
        .isInstanceOf(IllegalStateException.class);
  }
}
