package dev.ragserver.ingest.job;

import dev.ragserver.index.blob.BlobStore;
import dev.ragserver.index.collection.CollectionIndex;
import dev.ragserver.index.schema.Chunk;
import dev.ragserver.index.schema.Modality;
import dev.ragserver.index.schema.StoredChunk;
import dev.ragserver.ingest.chunk.Chunker;
import dev.ragserver.ingest.chunk.TextChunk;
import dev.ragserver.ingest.document.Block;
import dev.ragserver.ingest.document.DocumentType;
import dev.ragserver.ingest.document.ExtractedImage;
import dev.ragserver.ingest.document.ParsedDocument;
import dev.ragserver.ingest.loader.Images;
import dev.ragserver.ingest.loader.LoadException;
import dev.ragserver.ingest.loader.Loaders;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads, checks, parses and chunks one file (on a parse thread): size limit before reading, content
 * hash, skip when the collection already holds this content ingested with the same settings, then
 * loader and chunker. Every chunk carries the document metadata: the user's plus {@code file_type},
 * {@code file_name}, {@code file_size}, {@code modified}, {@code content_hash} and {@code
 * ingest_fingerprint}.
 */
public final class DocumentPreparer {
  /** Metadata keys ingest sets on every chunk; user metadata may not use them. */
  public static final Set<String> RESERVED_KEYS =
      Set.of(
          "file_type",
          "file_name",
          "file_size",
          "modified",
          "content_hash",
          "ingest_fingerprint",
          "image_id",
          "image_width",
          "image_height",
          "image_type");

  /** Longest side of the thumbnails stored beside each image. */
  public static final int THUMBNAIL_SIDE = 256;

  private final Loaders loaders;
  private final ImageVectors imageVectors;
  private final Chunker chunker;
  private final CollectionIndex index;
  private final Map<String, Object> userMetadata;
  private final String fingerprint;

  /**
   * @param loaders loaders and their limits
   * @param chunker the chunker for the collection's model
   * @param index where unchanged documents are looked up
   * @param userMetadata metadata added to every chunk (keys must not be {@link #RESERVED_KEYS})
   */
  public DocumentPreparer(
      Loaders loaders,
      Chunker chunker,
      CollectionIndex index,
      Map<String, Object> userMetadata,
      int overlapTokens,
      int minTokens,
      ImageVectors imageVectors) {
    for (String key : userMetadata.keySet()) {
      if (RESERVED_KEYS.contains(key)) {
        throw new IllegalArgumentException(
            "metadata key \""
                + key
                + "\" is set by ingest itself; reserved keys: "
                + new TreeSet<>(RESERVED_KEYS));
      }
    }
    this.loaders = loaders;
    this.imageVectors = imageVectors;
    this.chunker = chunker;
    this.index = index;
    this.userMetadata = Map.copyOf(userMetadata);
    this.fingerprint =
        sha256(
                ("chunks "
                        + chunker.chunkTokens()
                        + "/"
                        + overlapTokens
                        + "/"
                        + minTokens
                        + " meta "
                        + new TreeMap<>(userMetadata))
                    .getBytes(StandardCharsets.UTF_8))
            .substring(0, 16);
  }

  /** Prepares one input; never throws for a bad file (the result says why it failed). */
  PreparedDocument prepare(IngestInput input) {
    byte[] bytes;
    long modified;
    try {
      Path file = input.file();
      long size = Files.size(file);
      if (size > loaders.limits().maxFileBytes()) {
        return PreparedDocument.failed(
            input, Loaders.tooLarge(size, loaders.limits().maxFileBytes()));
      }
      modified = Files.getLastModifiedTime(file).toMillis();
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      return PreparedDocument.failed(input, FileWalker.reason(e));
    } catch (OutOfMemoryError e) {
      return PreparedDocument.failed(
          input, "not enough memory to read the file; lower ingest.max_file_bytes");
    }
    return prepare(input, bytes, modified);
  }

  /** Prepares one input whose bytes are already read (uploads). */
  PreparedDocument prepare(IngestInput input, byte[] bytes, long modifiedMillis) {
    try {
      String hash = sha256(bytes);
      if (unchanged(input.documentId(), hash)) {
        return PreparedDocument.skipped(input);
      }
      ParsedDocument doc = loaders.load(bytes, input.file());
      Map<String, Object> metadata = new LinkedHashMap<>(userMetadata);
      metadata.put("file_type", doc.type().id());
      metadata.put("file_name", fileName(input));
      metadata.put("file_size", (long) bytes.length);
      metadata.put("modified", Instant.ofEpochMilli(modifiedMillis).toString());
      metadata.put("content_hash", hash);
      metadata.put("ingest_fingerprint", fingerprint);
      String title = doc.title().isEmpty() ? fileName(input) : doc.title();
      if (!doc.images().isEmpty() && imageVectors != null && imageVectors.refusal() != null) {
        return PreparedDocument.failed(input, imageVectors.refusal());
      }
      List<PendingChunk> chunks = chunks(input, doc, title, metadata);
      if (chunks.isEmpty()) {
        String why = doc.warnings().isEmpty() ? "" : " (" + String.join("; ", doc.warnings()) + ")";
        return PreparedDocument.failed(
            input, "no text found in the " + doc.type().id() + " file" + why);
      }
      return PreparedDocument.ready(input, chunks, doc.warnings());
    } catch (LoadException e) {
      return PreparedDocument.failed(input, e.getMessage());
    } catch (StackOverflowError e) {
      return PreparedDocument.failed(input, "the file is nested too deeply to parse");
    } catch (RuntimeException e) {
      return PreparedDocument.failed(input, "cannot parse: " + e);
    }
  }

  private boolean unchanged(String documentId, String hash) {
    return index
        .firstChunk(documentId)
        .map(StoredChunk::metadata)
        .map(
            m ->
                hash.equals(m.get("content_hash"))
                    && fingerprint.equals(m.get("ingest_fingerprint")))
        .orElse(false);
  }

  private List<PendingChunk> chunks(
      IngestInput input, ParsedDocument doc, String title, Map<String, Object> meta) {
    List<PendingChunk> out = new ArrayList<>();
    String id = input.documentId();
    if (doc.type() != DocumentType.IMAGE) {
      for (TextChunk c : chunker.chunk(doc)) {
        out.add(
            new PendingChunk(
                Chunk.idOf(id, out.size()),
                id,
                out.size(),
                c.text(doc.text()),
                input.source(),
                title,
                c.pageStart(),
                c.pageEnd(),
                c.start(),
                c.end(),
                c.headingPath(),
                Modality.TEXT,
                meta,
                null,
                null,
                null));
      }
    }
    for (ExtractedImage image : doc.images()) {
      String text = describe(image, title);
      BufferedImage pixels = Images.decode(image.bytes());
      String read = loaders.ocr().read(pixels).strip();
      if (!read.isEmpty()) {
        text = text + "\n" + read;
      }
      int at = imageOffset(image, doc);
      String imageId = BlobStore.idOf(image.bytes());
      Map<String, Object> imageMeta = new LinkedHashMap<>(meta);
      imageMeta.put("image_id", imageId);
      imageMeta.put("image_width", (long) image.width());
      imageMeta.put("image_height", (long) image.height());
      imageMeta.put("image_type", image.mediaType());
      PendingChunk.ImageBlobs blobs =
          new PendingChunk.ImageBlobs(
              imageId, image.bytes(), image.mediaType(), Images.thumbnail(pixels, THUMBNAIL_SIDE));
      out.add(
          new PendingChunk(
              Chunk.idOf(id, out.size()),
              id,
              out.size(),
              text,
              input.source(),
              title,
              image.page(),
              image.page(),
              at,
              doc.type() == DocumentType.IMAGE ? doc.text().length() : at,
              List.of(),
              Modality.IMAGE,
              imageMeta,
              blobs,
              imageVectors == null ? null : imageVectors.vector(pixels, image.caption()),
              imageVectors == null ? null : imageVectors.placement()));
    }
    return out;
  }

  /** The text an image chunk is found by, before its OCR text: its caption, else where it is. */
  private static String describe(ExtractedImage image, String title) {
    if (!image.caption().isEmpty()) {
      return image.caption();
    }
    String where = image.page() > 0 ? "Image on page " + image.page() : "Image";
    return title.isEmpty() ? where : where + " of " + title;
  }

  private static int imageOffset(ExtractedImage image, ParsedDocument doc) {
    if (image.page() > 0) {
      for (Block b : doc.blocks()) {
        if (b.page() >= image.page()) {
          return b.start();
        }
      }
    }
    return 0;
  }

  private static String fileName(IngestInput input) {
    Path name = input.file().getFileName();
    return name == null ? input.source() : name.toString();
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
