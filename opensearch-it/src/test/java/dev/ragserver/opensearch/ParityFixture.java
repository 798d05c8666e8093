package dev.ragserver.opensearch;

import dev.ragserver.config.AnalyzerLanguage;
import dev.ragserver.config.MultiVectorPrecision;
import dev.ragserver.config.Quantization;
import dev.ragserver.config.SearchConfig;
import dev.ragserver.index.Registries;
import dev.ragserver.index.collection.CollectionIndex;
import dev.ragserver.index.collection.CollectionManifest;
import dev.ragserver.index.collection.CollectionRegistry;
import dev.ragserver.index.collection.CollectionSettings;
import dev.ragserver.index.schema.Chunk;
import dev.ragserver.index.schema.Modality;
import dev.ragserver.model.Embedding;
import dev.ragserver.model.EmbeddingPart;
import dev.ragserver.model.ModelInfo;
import dev.ragserver.model.MultiVector;
import dev.ragserver.model.SparseVector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The same small corpus for an embedded Lucene collection and an OpenSearch index. */
final class ParityFixture {
  static final ModelInfo MODEL =
      new ModelInfo("tiny", EnumSet.allOf(EmbeddingPart.class), 3, 3, 64, "");
  static final SearchConfig SEARCH =
      new SearchConfig(10, 100, 50, 60, 1000, 1, 1, 1, 1, 1, 32, 1024);

  private ParityFixture() {}

  static CollectionIndex lucene(CollectionRegistry registry, String name) {
    return registry.create(
        name,
        new CollectionSettings(
            AnalyzerLanguage.ENGLISH, 16, 100, Quantization.NONE, MultiVectorPrecision.INT8),
        MODEL,
        CollectionManifest.ImageModelSpec.clip("tiny-image", 3));
  }

  static CollectionRegistry registry(Path dir) {
    return Registries.embedded(dir, 50, SEARCH);
  }

  private static float[] unit(float... v) {
    double n = 0;
    for (float x : v) {
      n += x * x;
    }
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (float) (v[i] / Math.sqrt(n));
    }
    return out;
  }

  /** A text chunk of a document with no citation fields or metadata, at a fixed vector. */
  static Chunk plain(String doc, int number, String text) {
    return chunk(doc, number, text, "", "", 0, 0, Modality.TEXT, Map.of(), unit(1, 2, 3), false);
  }

  private static Chunk chunk(
      String doc,
      int number,
      String text,
      String source,
      String title,
      int pageStart,
      int pageEnd,
      Modality modality,
      Map<String, Object> metadata,
      float[] dense,
      boolean image) {
    float[] tokens = new float[6];
    System.arraycopy(dense, 0, tokens, 0, 3);
    System.arraycopy(unit(dense[2], dense[0], dense[1]), 0, tokens, 3, 3);
    Embedding e =
        new Embedding(
            dense,
            SparseVector.of(Map.of(10 + number % 10, 0.5f, 20, 0.25f * (1 + number))),
            MultiVector.of(3, tokens),
            8,
            false);
    return new Chunk(
        doc + "#" + number,
        doc,
        number,
        text,
        source,
        title,
        pageStart,
        pageEnd,
        0,
        text.length(),
        List.of("Guide", "Section " + number),
        modality,
        metadata,
        e,
        image ? unit(1, 1, dense[0]) : null);
  }

  private static Map<String, Object> meta(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  static List<Chunk> chunks() {
    List<Chunk> out = new ArrayList<>();
    out.add(
        chunk(
            "manual",
            0,
            "The lighthouse lamp is trimmed at dusk",
            "manual.pdf",
            "Keeper's manual",
            1,
            2,
            Modality.TEXT,
            meta(
                "year",
                2019,
                "lang",
                "en",
                "published",
                "2019-03-01",
                "tags",
                List.of("lamp", "night")),
            unit(1, 0.1f, 0),
            false));
    out.add(
        chunk(
            "manual",
            1,
            "Fresnel lenses focus the beam",
            "manual.pdf",
            "Keeper's manual",
            3,
            3,
            Modality.TEXT,
            meta("year", 2019, "lang", "en", "published", "2019-03-01", "draft", true),
            unit(0.9f, 0.4f, 0),
            false));
    out.add(
        chunk(
            "tides",
            0,
            "Spring tides follow the new and full moon",
            "tides.html",
            "Tides",
            0,
            0,
            Modality.TEXT,
            meta("year", 2021.5, "lang", "de", "published", "2021-06-15T10:00:00Z"),
            unit(0, 1, 0.2f),
            false));
    out.add(
        chunk(
            "harbour",
            0,
            "harbour at night",
            "harbour.png",
            "",
            0,
            0,
            Modality.IMAGE,
            meta("lang", "en", "draft", false),
            unit(0.2f, 0.2f, 1),
            true));
    out.add(
        chunk(
            "notes",
            0,
            "untitled notes without a source",
            "",
            "",
            0,
            0,
            Modality.TEXT,
            meta(),
            unit(0.5f, 0.5f, 0.5f),
            false));
    out.add(
        chunk(
            "notes",
            1,
            "a second page of notes",
            "",
            "",
            5,
            7,
            Modality.TEXT,
            meta("year", 2024),
            unit(0.3f, 0.9f, 0.1f),
            false));
    return out;
  }
}
