package dev.computectl.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.computectl.spec.GenericOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class SqlQuotingTest {

  /** Names that have broken SQL generators; the ITs create each one on a real server. */
  static Stream<String> hostileNames() {
    return HostileNames.ALL.stream();
  }

  @ParameterizedTest
  @MethodSource("hostileNames")
  void identifiersRoundTrip(String name) {
    String quoted = SqlQuoting.ident(name);
    assertThat(quoted).startsWith("\"").endsWith("\"");
    assertThat(unquoteIdent(quoted)).isEqualTo(name);
  }

  @ParameterizedTest
  @MethodSource("hostileNames")
  void literalsRoundTrip(String name) {
    assertThat(unquoteLiteral(SqlQuoting.literal(name))).isEqualTo(name);
  }

  @ParameterizedTest
  @MethodSource("hostileNames")
  void dollarQuotingNeverCollidesWithTheText(String name) {
    SqlQuoting.DollarQuoted dq = SqlQuoting.dollar(name);
    String tag = dq.quoted().substring(0, dq.quoted().indexOf('$', 1) + 1);
    assertThat(dq.quoted()).isEqualTo(tag + name + tag);
    assertThat(name).doesNotContain(tag.substring(1, tag.length() - 1));
    assertThat(dq.quoted()).doesNotContain("$" + dq.outerTag() + "$");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "sales \"eu\"|`\"sales \"\"eu\"\"\"`",
      "Report Team|\"Report Team\"",
      "`\"name\";\\n select 1;`|`\"\"\"name\"\";\\n select 1;\"`"})
  void identExamples(String in, String out) {
    assertThat(SqlQuoting.ident(in)).isEqualTo(out);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "orders|$x$orders$x$|xx", "max_user|$xx$max_user$xx$|xxx", "taxxi|$xxx$taxxi$xxx$|xxxx",
      "cost$|$x$cost$$x$|xx", "pay$x$day|$xx$pay$x$day$xx$|xxx", "$$|$x$$$$x$|xx",
      "name$|$x$name$$x$|xx", "name$$|$x$name$$$x$|xx", "name$$$|$x$name$$$$x$|xx", "name$$$$|$x$name$$$$$x$|xx",
      "x|$xx$x$xx$|xxx", "xx|$xxx$xx$xxx$|xxxx", "$x|$xx$$x$xx$|xxx", "x$|$xx$x$$xx$|xxx",
      "$x$|$xx$$x$$xx$|xxx", "xx$|$xxx$xx$$xxx$|xxxx", "$xx|$xxx$$xx$xxx$|xxxx", "$xx$|$xxx$$xx$$xxx$|xxxx"})
  void dollarExamples(String in, String quoted, String outer) {
    assertThat(SqlQuoting.dollar(in)).isEqualTo(new SqlQuoting.DollarQuoted(quoted, outer));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "plain|'plain'", "it's|'it''s'", "C:\\tmp|E'C:\\\\tmp'", "a\\'b|E'a\\\\''b'", "a\\'b\\'c|E'a\\\\''b\\\\''c'"})
  void literalExamples(String in, String out) {
    assertThat(SqlQuoting.literal(in)).isEqualTo(out);
  }

  @Test
  void optionsRenderStringValuesQuotedAndOthersRaw() {
    assertThat(SqlQuoting.options(List.of(
        new GenericOption("ENCODING", "UTF8", "string"),
        new GenericOption("TEMPLATE", "template0", "enum"),
        new GenericOption("NOINHERIT", null, "bool"))))
        .isEqualTo("ENCODING 'UTF8' TEMPLATE template0 NOINHERIT");
    assertThat(SqlQuoting.options(null)).isEmpty();
  }

  @Test
  void nulCharactersAreRejected() {
    assertThatThrownBy(() -> SqlQuoting.ident("a\0b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SqlQuoting.literal("a\0b")).isInstanceOf(IllegalArgumentException.class);
  }

  static String unquoteIdent(String quoted) {
    String inner = quoted.substring(1, quoted.length() - 1);
    assertThat(inner.replace("\"\"", "")).doesNotContain("\"");
    return inner.replace("\"\"", "\"");
  }

  /** Reads a literal back the way Postgres does (E'' strings unescape backslashes). */
  static String unquoteLiteral(String literal) {
    boolean e = literal.startsWith("E");
    String inner = literal.substring(e ? 2 : 1, literal.length() - 1);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < inner.length(); i++) {
      char c = inner.charAt(i);
      if (c == '\'') {
        assertThat(inner.charAt(i + 1)).isEqualTo('\'');
        i++;
      } else if (c == '\\' && e) {
        c = inner.charAt(++i);
        assertThat(c).isIn('\\', '\'');
      }
      out.append(c);
    }
    return out.toString();
  }
}
