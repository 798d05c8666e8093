package dev.ragserver.tools.eval;

import dev.ragserver.index.search.Fusion;
import dev.ragserver.index.search.Leg;
import dev.ragserver.index.search.LegSpec;
import dev.ragserver.index.search.Normalization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A named retrieval configuration to evaluate: legs (with weights) and fusion, or exact dense
 * search (brute force, the reference HNSW is compared with).
 *
 * @param name how tables and regression files name it
 * @param legs the legs; empty = every leg the collection has
 * @param fusion the fusion, null = the server's default (RRF, {@code search.rrf_k})
 * @param exactDense whether this is exact dense search instead of a query
 */
public record Pipeline(String name, List<LegSpec> legs, Fusion fusion, boolean exactDense) {
  public Pipeline {
    legs = List.copyOf(legs);
  }

  /** The pipelines {@code ./rag eval} knows by name. */
  public static Map<String, Pipeline> named() {
    Map<String, Pipeline> m = new LinkedHashMap<>();
    m.put("dense-exact", new Pipeline("dense-exact", List.of(), null, true));
    m.put("dense", legs("dense", Leg.DENSE));
    m.put("bm25", legs("bm25", Leg.BM25));
    m.put("sparse", legs("sparse", Leg.SPARSE));
    m.put("colbert", legs("colbert", Leg.COLBERT));
    m.put("rrf", new Pipeline("rrf", List.of(), null, false));
    m.put(
        "weighted",
        new Pipeline("weighted", List.of(), new Fusion.Weighted(Normalization.MIN_MAX), false));
    m.put("m3", new Pipeline("m3", List.of(), new Fusion.M3(), false));
    m.put("default", new Pipeline("default", List.of(), null, false));
    return m;
  }

  private static Pipeline legs(String name, Leg... legs) {
    List<LegSpec> specs = new ArrayList<>();
    for (Leg l : legs) {
      specs.add(LegSpec.of(l));
    }
    return new Pipeline(name, specs, null, false);
  }

  /**
   * A pipeline by name, or a fusion written as {@code rrf:k=20,dense=1,bm25=0.5,colbert=2} / {@code
   * weighted:...}.
   */
  public static Pipeline parse(String spec) {
    Pipeline known = named().get(spec);
    if (known != null) {
      return known;
    }
    int colon = spec.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException(
          "unknown pipeline \""
              + spec
              + "\"; known: "
              + named().keySet()
              + ", or rrf:k=10,dense=1,bm25=1,colbert=1 / weighted:dense=1,... / m3:dense=1,...");
    }
    String method = spec.substring(0, colon).toLowerCase(Locale.ROOT);
    Integer k = null;
    List<LegSpec> legs = new ArrayList<>();
    for (String part : spec.substring(colon + 1).split(",", -1)) {
      if (part.isBlank()) {
        continue; // "rrf:k=10," (a trailing comma) is the same pipeline
      }
      String[] kv = part.split("=", 2);
      if (kv.length != 2) {
        throw new IllegalArgumentException(
            "pipeline part must be name=value, got: \"" + part + "\" in " + spec);
      }
      if (kv[0].equals("k")) {
        k = Integer.parseInt(kv[1]);
      } else {
        legs.add(new LegSpec(Leg.of(kv[0]), 0, Float.parseFloat(kv[1])));
      }
    }
    Fusion fusion =
        switch (method) {
          // without a k, RRF is the server's default one (search.rrf_k, resolved by SearchDefaults)
          case "rrf" -> k == null ? null : new Fusion.Rrf(k);
          case "weighted" -> new Fusion.Weighted(Normalization.MIN_MAX);
          case "m3" -> new Fusion.M3();
          default ->
              throw new IllegalArgumentException("unknown fusion \"" + method + "\" in " + spec);
        };
    return new Pipeline(spec, legs, fusion, false);
  }
}
