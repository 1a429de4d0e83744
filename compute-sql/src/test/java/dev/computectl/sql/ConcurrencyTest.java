package dev.computectl.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.computectl.spec.Cluster;
import dev.computectl.spec.ComputeSpec;
import dev.computectl.spec.SpecJson;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConcurrencyTest {

  @ParameterizedTest
  @CsvSource({"0,1", "1,1", "9,9", "10,10", "29,10", "30,10", "31,10", "100,33", "299,99", "300,100", "5000,100"})
  void startupConcurrencyFollowsMaxConnections(int maxConnections, int expected) throws Exception {
    assertThat(Concurrency.forStartup(spec("[{\"name\":\"max_connections\",\"value\":\"" + maxConnections
        + "\",\"vartype\":\"integer\"}]", null))).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "max_connections = 200|66", "max_connections=90\\nmax_connections=300|30",
      "max_connections = 200 # note|10", "max_connections = '200'|10", "shared_buffers=1MB|10"})
  void postgresqlConfIsTheFallback(String conf, int expected) throws Exception {
    assertThat(Concurrency.forStartup(spec("null", conf.replace("\\n", "\n")))).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"abc", "-5", "''"})
  void anUnparsableSettingDoesNotFallBackToTheConf(String value) throws Exception {
    assertThat(Concurrency.forStartup(spec("[{\"name\":\"max_connections\",\"value\":\"" + value
        + "\",\"vartype\":\"integer\"}]", "max_connections = 300"))).isEqualTo(10);
  }

  private static ComputeSpec spec(String settings, String conf) throws Exception {
    String confJson = conf == null ? "null" : SpecJson.mapper().writeValueAsString(conf);
    return SpecJson.readSpec("{\"format_version\":1.0,\"suspend_timeout_seconds\":-1,\"cluster\":{\"roles\":[],"
        + "\"databases\":[],\"settings\":" + settings + ",\"postgresql_conf\":" + confJson + "}}");
  }
}
