package dev.ragserver.ingest.loader;

import dev.ragserver.ingest.document.DocumentType;
import dev.ragserver.ingest.document.ParsedDocument;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/** Picks the loader for a file from its content and runs it. Thread-safe. */
public final class Loaders {
  private final Map<DocumentType, Loader> loaders = new EnumMap<>(DocumentType.class);
  private final LoaderLimits limits;
  private final ImageText ocr;

  /** Loaders without OCR. */
  public Loaders(LoaderLimits limits) {
    this(limits, ImageText.NONE);
  }

  /** Loaders that OCR the pages of PDFs without a text layer. */
  public Loaders(LoaderLimits limits, ImageText ocr) {
    this.limits = limits;
    this.ocr = ocr;
    loaders.put(DocumentType.TEXT, new TextLoader());
    loaders.put(DocumentType.MARKDOWN, new MarkdownLoader());
    loaders.put(DocumentType.HTML, new HtmlLoader());
    loaders.put(DocumentType.PDF, new PdfLoader(ocr));
    loaders.put(DocumentType.IMAGE, new ImageLoader());
  }

  /**
   * Loads a file's bytes.
   *
   * @throws LoadException with the reason when it cannot be ingested (empty, binary, corrupt, ...)
   */
  public ParsedDocument load(byte[] bytes, Path path) {
    if (bytes.length == 0) {
      throw new LoadException("empty file (0 bytes)");
    }
    if (bytes.length > limits.maxFileBytes()) {
      throw new LoadException(tooLarge(bytes.length, limits.maxFileBytes()));
    }
    String name = path == null || path.getFileName() == null ? "" : path.getFileName().toString();
    DocumentType type = ContentSniffer.detect(bytes, name);
    try {
      return loaders.get(type).load(bytes, path, limits);
    } catch (StackOverflowError | OutOfMemoryError e) {
      throw new LoadException(
          "the "
              + type.id()
              + " file is too complex to parse ("
              + e.getClass().getSimpleName()
              + ")");
    }
  }

  /** The OCR the loaders (and image chunks) use. */
  public ImageText ocr() {
    return ocr;
  }

  /** The limits the loaders honour. */
  public LoaderLimits limits() {
    return limits;
  }

  /** The message for a file over the size limit. */
  public static String tooLarge(long size, long limit) {
    return "file is " + size + " bytes, larger than ingest.max_file_bytes (" + limit + ")";
  }
}
