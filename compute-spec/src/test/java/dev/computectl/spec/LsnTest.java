package dev.computectl.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LsnTest {

  @Test
  void parsesEitherCaseAndFormatsUpperCaseUnpadded() {
    Lsn lsn = Lsn.parse(" 0/169ad58 ");
    assertThat(lsn.value()).isEqualTo(0x169AD58L);
    assertThat(lsn).hasToString("0/169AD58");
    assertThat(Lsn.parse("FFFFFFFF/FFFFFFFF")).hasToString("FFFFFFFF/FFFFFFFF");
  }

  @Test
  void comparesUnsigned() {
    assertThat(Lsn.parse("FFFFFFFF/0")).isGreaterThan(Lsn.parse("1/0"));
    assertThat(Lsn.parse("1/0")).isGreaterThan(Lsn.parse("0/FFFFFFFF"));
  }

  @Test
  void rejectsMalformed() {
    for (String bad : new String[] {"", "0", "/1", "1/", "1/2/3", "g/1", "+1/1", "1/-1",
        "100000000/0", "١/1"}) {
      assertThatThrownBy(() -> Lsn.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void jsonNumberIsRejected() {
    assertThatThrownBy(() -> SpecJson.read("{\"lsn\": 5}", dev.computectl.spec.api.TerminateResponse.class))
        .isInstanceOfSatisfying(SpecParseException.class, e -> assertThat(e.path()).isEqualTo("lsn"));
  }
}
