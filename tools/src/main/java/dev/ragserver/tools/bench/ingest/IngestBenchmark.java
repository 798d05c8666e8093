package dev.ragserver.tools.bench.ingest;

import dev.ragserver.config.IngestConfig;
import dev.ragserver.config.SearchConfig;
import dev.ragserver.index.Registries;
import dev.ragserver.index.collection.CollectionIndex;
import dev.ragserver.index.collection.CollectionRegistry;
import dev.ragserver.index.collection.CollectionSettings;
import dev.ragserver.index.schema.StoredChunk;
import dev.ragserver.ingest.job.FileWalker;
import dev.ragserver.ingest.job.ImageUnderstanding;
import dev.ragserver.ingest.job.IngestJob;
import dev.ragserver.ingest.job.IngestPlan;
import dev.ragserver.ingest.job.JobStatus;
import dev.ragserver.model.TextEmbedder;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * Ingests a folder into a fresh collection (end to end: walk, read, parse, chunk, embed, index,
 * commit), then embeds exactly the chunks that were written, in batches of the same size, with the
 * same model: the ratio of the two times is what parsing, chunking and indexing add on top of the
 * model (goal ≤ 1.10: they overlap with embedding).
 */
public final class IngestBenchmark {
  private final TextEmbedder embedder;
  private final IngestConfig config;
  private final SearchConfig search;
  private final PrintWriter out;
  private final ImageUnderstanding images;

  public IngestBenchmark(
      TextEmbedder embedder,
      ImageUnderstanding images,
      IngestConfig config,
      SearchConfig search,
      PrintWriter out) {
    this.embedder = embedder;
    this.images = images;
    this.config = config;
    this.search = search;
    this.out = out;
  }

  /**
   * What one run measured.
   *
   * @param files files ingested
   * @param chunks chunks written
   * @param endToEndSeconds the whole job, commit included
   * @param inJobEmbedSeconds the time the model spent embedding inside the job
   * @param embedSeconds the model alone on the same chunks
   * @param failed files that failed
   */
  public record Result(
      int files,
      long chunks,
      double endToEndSeconds,
      double inJobEmbedSeconds,
      double embedSeconds,
      int failed) {
    /**
     * End to end over the time the model spent embedding these chunks inside the same job (the
     * goal).
     */
    public double ratio() {
      return endToEndSeconds / inJobEmbedSeconds;
    }

    /**
     * End to end over the model embedding the same chunks alone (stricter: includes contention).
     */
    public double ratioToModelAlone() {
      return endToEndSeconds / embedSeconds;
    }
  }

  /** Runs the benchmark over a folder, using {@code work} for the collection. */
  public Result run(Path folder, Path work, CollectionSettings settings) {
    try (CollectionRegistry registry = Registries.embedded(work, 1000, search)) {
      String name = "bench-" + UUID.randomUUID().toString().substring(0, 8);
      CollectionIndex index = registry.create(name, settings, embedder.info(), null);
      IngestPlan plan = new FileWalker(config).plan(List.of(folder));
      warmUp();
      long cpu0 = cpuNanos();
      long t0 = System.nanoTime();
      JobStatus status =
          IngestJob.of(name, name, plan, index, embedder, config, images, Map.of(), false).run();
      double e2e = (System.nanoTime() - t0) / 1e9;
      double e2eCpu = (cpuNanos() - cpu0) / 1e9;
      out.printf(
          Locale.ROOT,
          "end to end: %d files, %,d chunks in %.1f s (%s), of which the model embedding: %.1f s%n",
          status.filesIngested(),
          status.chunks(),
          e2e,
          status.state().id(),
          status.embedSeconds());
      List<String> texts = chunkTexts(index);
      long cpu1 = cpuNanos();
      long t1 = System.nanoTime();
      for (int from = 0; from < texts.size(); from += config.embedBatchChunks()) {
        embedder.embedDocuments(
            texts.subList(from, Math.min(texts.size(), from + config.embedBatchChunks())));
      }
      double embed = (System.nanoTime() - t1) / 1e9;
      double embedCpu = (cpuNanos() - cpu1) / 1e9;
      out.printf(Locale.ROOT, "model alone: the same %,d chunks in %.1f s%n", texts.size(), embed);
      out.printf(
          Locale.ROOT,
          "process CPU time: end to end %.1f s, model alone %.1f s (extra work: %.1f s)%n",
          e2eCpu,
          embedCpu,
          e2eCpu - embedCpu);
      registry.delete(name);
      return new Result(
          status.filesIngested(),
          status.chunks(),
          e2e,
          status.embedSeconds(),
          embed,
          status.filesFailed());
    }
  }

  private static long cpuNanos() {
    java.lang.management.OperatingSystemMXBean os =
        java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
  }

  private void warmUp() {
    List<String> warm = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      warm.add("warm-up text number " + i + " about retrieval and indexing of documents.");
    }
    embedder.embedDocuments(warm);
  }

  private static List<String> chunkTexts(CollectionIndex index) {
    index.refresh();
    List<String> texts = new ArrayList<>();
    for (String id : index.documentIds("")) {
      for (StoredChunk c : index.document(id)) {
        texts.add(c.text());
      }
    }
    return texts;
  }

  /** Writes a PDF of several pages from paragraphs (the bench corpus's PDFs). */
  public static void writePdf(Path file, String title, List<String> paragraphs) {
    try (PDDocument doc = new PDDocument()) {
      doc.getDocumentInformation().setTitle(title);
      PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
      for (String paragraph : paragraphs) {
        PDPage page = new PDPage();
        doc.addPage(page);
        try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
          content.beginText();
          content.setFont(font, 10);
          content.setLeading(13);
          content.newLineAtOffset(40, 750);
          for (String line : wrap(ascii(paragraph), 95)) {
            content.showText(line);
            content.newLine();
          }
          content.endText();
        }
      }
      doc.save(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String ascii(String s) {
    return s.replaceAll("[^\\x20-\\x7E]", " ");
  }

  private static List<String> wrap(String text, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.strip().split("\\s+", -1)) {
      if (line.length() + word.length() + 1 > width && !line.isEmpty()) {
        lines.add(line.toString());
        line.setLength(0);
      }
      if (!line.isEmpty()) {
        line.append(' ');
      }
      line.append(word);
    }
    if (!line.isEmpty()) {
      lines.add(line.toString());
    }
    return lines.subList(0, Math.min(lines.size(), 55));
  }

  /** Creates the folder (for callers writing a corpus). */
  public static Path folder(Path path) {
    try {
      return Files.createDirectories(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
