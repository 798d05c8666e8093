package dev.ragserver.server.http;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The server's Prometheus registry: request latency histograms per route, embedding time, per-leg
 * search time, and the JVM. Collection and job gauges are added by their owners.
 *
 * <p>Every label value comes from a closed set, so no request can add series: methods outside the
 * standard ones are {@code other}, routes are registered path templates (or {@code unmatched}), and
 * statuses are the three-digit codes the server writes.
 */
public final class Metrics implements AutoCloseable {
  /** The method names that get their own label value; any other is {@value #OTHER}. */
  static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT");

  /** The label value of anything outside a label's closed set. */
  static final String OTHER = "other";

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();

  public Metrics() {
    // Prometheus' naming rules (promtool check metrics): Micrometer's CPU time counts nanoseconds
    // under an abbreviated unit (process_cpu_time_ns_total; process_cpu_usage says the same), and
    // its CPU count gauge ends in _count, which Prometheus reserves for histograms and summaries.
    registry
        .config()
        .meterFilter(MeterFilter.denyNameStartsWith("process.cpu.time"))
        .meterFilter(
            new MeterFilter() {
              @Override
              public io.micrometer.core.instrument.Meter.Id map(
                  io.micrometer.core.instrument.Meter.Id id) {
                return id.getName().equals("system.cpu.count") ? id.withName("system.cpus") : id;
              }
            });
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  /** The registry (for gauges). */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /**
   * Records one HTTP request.
   *
   * @param route a registered path template, or {@code unmatched}: never the request's own path
   */
  public void request(String method, String route, int status, float millis) {
    Timer.builder("http.server.requests")
        .description("HTTP request latency by route")
        .tags(Tags.of("method", method(method), "route", route, "status", status(status)))
        .publishPercentileHistogram()
        .maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry)
        .record((long) (millis * 1_000_000L), TimeUnit.NANOSECONDS);
  }

  /** The method's label value: a standard method's name, else {@value #OTHER}. */
  static String method(String method) {
    return METHODS.contains(method) ? method : OTHER;
  }

  /** The status's label value: the code when it is a valid HTTP status, else {@value #OTHER}. */
  static String status(int status) {
    return status >= 100 && status <= 599 ? Integer.toString(status) : OTHER;
  }

  /** Records the time the model spent embedding for a request. */
  public void embedding(String kind, long nanos) {
    Timer.builder("rag.embedding")
        .description("time spent embedding queries and documents")
        .tag("kind", kind)
        .publishPercentileHistogram()
        .register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /** Records one leg's search time. */
  public void leg(String leg, long nanos) {
    Timer.builder("rag.search.leg")
        .description("time of each retrieval leg")
        .tag("leg", leg)
        .publishPercentileHistogram()
        .register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /** The Prometheus text exposition. */
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
