package dev.ragserver.tools.cli;

import dev.ragserver.config.ModelConfig;
import dev.ragserver.config.RagConfig;
import dev.ragserver.model.Embedders;
import dev.ragserver.model.pool.ModelPool;
import dev.ragserver.server.cli.ConfigOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./rag bench models}: what one more loaded text model costs (resident memory and heap added
 * by its load) and what a lazy load costs the query that triggers it (the first query, load
 * included, against a warm query of the same model, measured in the same run).
 */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    description = {
      "Load each served model in turn as a server does on first use: memory it adds (resident, heap),",
      "its first query (load included), a first query after an unload, and a warm query."
    })
final class BenchModelsCommand implements Callable<Integer> {
  private static final String QUERY = "what causes the tides to rise and fall";

  @Mixin ConfigOptions config;
  @Spec CommandSpec spec;

  @Option(
      names = "--models",
      split = ",",
      description = "Models to load (default: every served model).")
  List<String> models;

  @Option(
      names = "--rounds",
      defaultValue = "5",
      description = "Reloads and warm queries measured per model (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Override
  public Integer call() {
    RagConfig cfg = config.load();
    PrintWriter out = spec.commandLine().getOut();
    List<String> names = models == null ? List.copyOf(cfg.models().keySet()) : models;
    out.printf(
        Locale.ROOT,
        "| date | machine | model | resident memory added | heap added | first query (load + query) |"
            + " first query after an unload | warm query | first after unload / warm |%n"
            + "|---|---|---|---|---|---|---|---|---|%n");
    // every model stays loaded while the next one loads, as in a server without a cap: each
    // load's resident memory is its own (the first one's includes ONNX Runtime and the tokenizer
    // library starting up: run again with the order swapped to see that model alone)
    List<ModelPool> held = new ArrayList<>();
    try {
      List<ModelConfig> configs = new ArrayList<>();
      double[] cold = new double[names.size()];
      long[] rss = new long[names.size()];
      long[] heap = new long[names.size()];
      for (int m = 0; m < names.size(); m++) {
        String name = names.get(m);
        ModelConfig model =
            cfg.model(name)
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "model " + name + " is not served; served: " + cfg.models().keySet()));
        configs.add(model);
        long rss0 = residentBytes();
        long heap0 = usedHeap();
        ModelPool pool = new ModelPool(Map.of(name, model), 0, Embedders::open);
        held.add(pool);
        long t0 = System.nanoTime();
        pool.embedder(name).embedQuery(QUERY);
        cold[m] = (System.nanoTime() - t0) / 1e6;
        rss[m] = rss0 < 0 ? Long.MIN_VALUE : residentBytes() - rss0;
        heap[m] = usedHeap() - heap0;
      }
      for (int m = 0; m < names.size(); m++) {
        String name = names.get(m);
        double[] warm = new double[rounds];
        for (int i = 0; i < rounds; i++) {
          long t = System.nanoTime();
          held.get(m).embedder(name).embedQuery(QUERY);
          warm[i] = (System.nanoTime() - t) / 1e6;
        }
        // after an unload: a fresh load of the same model, its classes and native code loaded
        double[] reload = new double[rounds];
        for (int i = 0; i < rounds; i++) {
          try (ModelPool again = new ModelPool(Map.of(name, configs.get(m)), 0, Embedders::open)) {
            long t = System.nanoTime();
            again.embedder(name).embedQuery(QUERY);
            reload[i] = (System.nanoTime() - t) / 1e6;
          }
        }
        double warmMs = median(warm);
        double reloadMs = median(reload);
        out.printf(
            Locale.ROOT,
            "| %s | %s | %s%s | %s | %.0f MB | %.0f ms | %.0f ms | %.1f ms | %.0f× |%n",
            LocalDate.now(ZoneOffset.UTC),
            BenchPaths.machine(),
            name,
            m == 0 ? " (first in the process)" : "",
            rss[m] == Long.MIN_VALUE ? "n/a" : String.format(Locale.ROOT, "%.0f MB", rss[m] / 1e6),
            heap[m] / 1e6,
            cold[m],
            reloadMs,
            warmMs,
            reloadMs / warmMs);
        out.flush();
      }
    } finally {
      held.forEach(ModelPool::close);
    }
    return 0;
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return v[v.length / 2];
  }

  private static long usedHeap() {
    Runtime r = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return r.totalMemory() - r.freeMemory();
  }

  /** The process's resident set (Linux's VmRSS), or -1 where /proc is not there. */
  private static long residentBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }
}
