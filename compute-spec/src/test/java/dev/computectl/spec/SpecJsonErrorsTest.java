package dev.computectl.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.computectl.spec.api.ConfigurationRequest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Golden texts of every kind of read failure a spec can raise, in our words (no Jackson class
 * names, no coercion hints), with the JSON path, and for syntax errors the line and column. The
 * path of a syntax error is where the parser stood: the field before the error, the element that
 * is missing ({@code roles[2]} after {@code [1, 2, }), the value that is not closed.
 */
class SpecJsonErrorsTest {

  private static final String HEAD = "{\"format_version\": 1.0, \"suspend_timeout_seconds\": -1,";

  private static String message(String json) {
    try {
      SpecJson.readSpec(json);
    } catch (SpecParseException e) {
      assertThat(e.getMessage()).doesNotContain("java.", "CoercionConfig", "Source:", "`");
      return e.getMessage();
    }
    throw new AssertionError("expected a parse failure for " + json);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      number for a string   | "cluster": {"roles": [{"name": 123}], "databases": []}}                 | cluster.roles[0].name: expected a string, got the number 123
      boolean for a string  | "cluster": {"roles": [{"name": true}], "databases": []}}                | cluster.roles[0].name: expected a string, got the boolean true
      string for an integer | "reconfigure_concurrency": "2", "cluster": {"roles": [], "databases": []}} | reconfigure_concurrency: expected an integer, got the string '2'
      float for an integer  | "reconfigure_concurrency": 1.5, "cluster": {"roles": [], "databases": []}} | reconfigure_concurrency: expected an integer, got the number 1.5
      number for a boolean  | "skip_pg_catalog_updates": 1, "cluster": {"roles": [], "databases": []}}   | skip_pg_catalog_updates: expected a boolean (true or false), got the number 1
      string for an array   | "cluster": {"roles": "alice", "databases": []}}                           | cluster.roles: expected an array, got a string
      array for an object   | "cluster": []}                                                            | cluster: expected an object, got an array
      object for a string   | "cluster": {"roles": [{"name": {}}], "databases": []}}                    | cluster.roles[0].name: expected a string, got an object
      null with a default   | "mode": null, "cluster": {"roles": [], "databases": []}}                  | mode: must not be null
      null required         | "cluster": {"roles": [], "databases": [{"name": "d", "owner": null}]}}    | cluster.databases[0].owner: must not be null
      missing required      | "cluster": {"roles": [{"options": []}], "databases": []}}                 | cluster.roles[0].name: is required but missing
      unknown enum value    | "audit_log_level": "loud", "cluster": {"roles": [], "databases": []}}     | audit_log_level: unknown value 'loud'; expected one of 'Disabled', 'Log', 'Base', 'Hipaa', 'Extended', 'Full'
      out of range          | "reconfigure_concurrency": 99999999999, "cluster": {"roles": [], "databases": []}} | reconfigure_concurrency: the number 99999999999 is out of range (a 32-bit integer)
      negative unsigned     | "swap_size_bytes": -1, "cluster": {"roles": [], "databases": []}}         | swap_size_bytes: must not be negative, got -1
      duplicate key         | "mode": "Primary", "mode": "Replica", "cluster": {"roles": [], "databases": []}} | mode: the key 'mode' appears twice in one object at line 1, column 81
      """)
  void mappingErrors(String kind, String rest, String expected) {
    assertThat(message(HEAD + " " + rest)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      missing comma         | {"format_version": 1.0\\n "cluster": {}}   | format_version: invalid JSON at line 2, column 2: unexpected character '"', expected ',' or '}'
      unquoted key          | {format_version: 1.0}                     | invalid JSON at line 1, column 2: unexpected character 'f', expected a field name in double quotes
      bad token             | {"format_version": yes}                   | format_version: invalid JSON at line 1, column 20: unexpected token 'yes', expected a string, number, object, array, true, false or null
      trailing comma        | {"roles": [1, 2, ]}                       | roles[2]: invalid JSON at line 1, column 18: unexpected character ']', expected a value
      missing value         | {"format_version": }                      | format_version: invalid JSON at line 1, column 20: unexpected character '}', expected a value
      missing colon         | {"format_version" 1.0}                    | format_version: invalid JSON at line 1, column 19: unexpected character '1', expected ':'
      end of input          | {"format_version": 1.0,\\n "cluster": {   | cluster: unexpected end of input at line 2, column 14: an object is not closed with '}'
      end inside an array   | {"cluster": {"roles": [                   | cluster.roles[0]: unexpected end of input at line 1, column 24: an array is not closed with ']'
      trailing content      | {"format_version": 1.0, "suspend_timeout_seconds": 1, "cluster": {"roles": [], "databases": []}} [] | more content (an array) after the end of the document at line 1, column 98
      """)
  void syntaxErrors(String kind, String json, String expected) {
    assertThat(message(json.replace("\\n", "\n"))).isEqualTo(expected);
  }

  @org.junit.jupiter.api.Test
  void pathsOfANestedDocumentStartAtItsRoot() {
    String json = "{\"spec\": " + HEAD + " \"cluster\": {\"roles\": [{\"name\": 123}],"
        + " \"databases\": []}}}";
    try {
      SpecJson.read(json, ConfigurationRequest.class);
      throw new AssertionError("expected a failure");
    } catch (SpecParseException e) {
      assertThat(e.path()).isEqualTo("spec.cluster.roles[0].name");
      assertThat(e.problem()).isEqualTo("expected a string, got the number 123");
      assertThat(e.getMessage()).isEqualTo(
          "spec.cluster.roles[0].name: expected a string, got the number 123");
    }
  }

  @org.junit.jupiter.api.Test
  void emptyDocument() {
    assertThat(message("  ")).isEqualTo("the document is empty");
    assertThat(message("null")).isEqualTo("the document is null");
  }
}
