package dev.ragserver.tools.bench.embed;

import dev.ragserver.config.ModelConfig;
import dev.ragserver.model.batch.TokenBatch;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * ONNX Runtime session settings side by side: one {@link BareSession} per variant (the model's file
 * opened with that variant's settings), all open at once, timed in turns round by round so a shared
 * machine's drift hits every variant alike. Two workloads: the query path (one query text per run,
 * the latency a client waits) and ingest (documents in the pipeline's batches, the throughput a job
 * gets).
 */
public final class OnnxSweep {
  private final PrintWriter log;

  public OnnxSweep(PrintWriter log) {
    this.log = log;
  }

  /**
   * One variant's figures.
   *
   * @param name the variant
   * @param queryMs median time of one query text, ms (over every round)
   * @param docsPerSecond documents per second in the pipeline's batches (over every round)
   */
  public record Figures(String name, double queryMs, double docsPerSecond) {}

  /**
   * Runs every variant over the same texts.
   *
   * @param variants name → model configuration (the first is the baseline)
   * @param queries query texts (instruction included), one per run
   * @param documents document texts, planned into the pipeline's batches
   * @param rounds turns per variant
   */
  public List<Figures> run(
      Map<String, ModelConfig> variants, List<String> queries, List<String> documents, int rounds) {
    Map<String, BareSession> sessions = new LinkedHashMap<>();
    try {
      variants.forEach((name, config) -> sessions.put(name, BareSession.open(config)));
      Map<String, List<Long>> queryNanos = new LinkedHashMap<>();
      Map<String, long[]> docNanos = new LinkedHashMap<>();
      for (Map.Entry<String, BareSession> e : sessions.entrySet()) {
        BareSession s = e.getValue();
        s.run(s.plan(documents.subList(0, Math.min(32, documents.size())))); // warm-up
        s.run(s.plan(queries.subList(0, 1)));
        queryNanos.put(e.getKey(), new ArrayList<>());
        docNanos.put(e.getKey(), new long[1]);
      }
      for (int round = 0; round < rounds; round++) {
        for (Map.Entry<String, BareSession> e : sessions.entrySet()) {
          BareSession s = e.getValue();
          for (String q : queries) {
            List<TokenBatch> one = s.plan(List.of(q));
            long t0 = System.nanoTime();
            s.run(one);
            queryNanos.get(e.getKey()).add(System.nanoTime() - t0);
          }
          List<TokenBatch> batches = s.plan(documents);
          long t0 = System.nanoTime();
          s.run(batches);
          docNanos.get(e.getKey())[0] += System.nanoTime() - t0;
        }
        log.printf(Locale.ROOT, "  round %d/%d%n", round + 1, rounds);
        log.flush();
      }
      List<Figures> out = new ArrayList<>();
      for (String name : sessions.keySet()) {
        long[] q = queryNanos.get(name).stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(q);
        out.add(
            new Figures(
                name,
                q[q.length / 2] / 1e6,
                (double) documents.size() * rounds / (docNanos.get(name)[0] / 1e9)));
      }
      return out;
    } finally {
      sessions.values().forEach(BareSession::close);
    }
  }
}
