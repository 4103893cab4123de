package dev.floe.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TestFloor {
  @Test
  void parsesWrkOutputWithLatencyDistribution() {
    String output =
        """
        Running 10s test @ http://127.0.0.1:40451/loadtable.json
          2 threads and 16 connections
          Thread Stats   Avg      Stdev     Max   +/- Stdev
            Latency   770.29us    3.15ms   1.01s    96.45%
            Req/Sec    29.01k    12.04k   48.28k    67.21%
          Latency Distribution
             50%  217.00us
             75%  319.00us
             90%    1.50ms
             99%    2.10s
          176225 requests in 3.10s, 3.65GB read
          Socket errors: connect 0, read 2, write 0, timeout 3
          Non-2xx or 3xx responses: 7
        Requests/sec:  56840.72
        Transfer/sec:      1.18GB
        """;

    Floor.WrkResult result = Floor.parse(output);

    assertThat(result.requests()).isEqualTo(176225);
    assertThat(result.seconds()).isCloseTo(3.10, within(1e-9));
    assertThat(result.requestsPerSecond()).isCloseTo(56840.72, within(1e-9));
    assertThat(result.p50()).isCloseTo(0.217, within(1e-9));
    assertThat(result.p75()).isCloseTo(0.319, within(1e-9));
    assertThat(result.p90()).isCloseTo(1.5, within(1e-9));
    assertThat(result.p99()).isCloseTo(2100.0, within(1e-9));
    assertThat(result.mean()).isCloseTo(0.77029, within(1e-9));
    assertThat(result.max()).isCloseTo(1010.0, within(1e-9));
    assertThat(result.non2xx()).isEqualTo(7);
    assertThat(result.socketErrors()).isEqualTo(5);

    ServerRun.Figures figures = Floor.figures("nginx", result, null);
    assertThat(figures.ok()).isEqualTo(176218);
    assertThat(figures.errors()).isEqualTo(12);
    assertThat(figures.throughput()).isCloseTo(176218 / 3.10, within(1e-6));
  }

  @Test
  void missingFiguresAreNotNumbers() {
    Floor.WrkResult result = Floor.parse("unable to connect to 127.0.0.1:1 Connection refused\n");

    assertThat(result.requests()).isZero();
    assertThat(result.p99()).isNaN();
    assertThat(result.requestsPerSecond()).isNaN();
  }
}
